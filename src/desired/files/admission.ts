/**
 * /etc/kubernetes/admission.yaml as RKE1 builds it (cluster/hosts.go getConsolidatedAdmissionConfiguration,
 * cluster/defaults.go): an AdmissionConfiguration with the EventRateLimit plugin (always) and, for
 * K8s >= 1.23, PodSecurity. Other user plugins are dropped: RKE1 `copy`s them into a nil slice.
 */
import type { AdmissionPluginInput } from '../input.js';
import { marshalYamlV2, type JsonValue } from '../../gotemplate/goyaml.js';
import { atLeast, K8S_123, K8S_125 } from '../semver.js';
import { toJsonValue } from '../../config/json-value.js';

export const ADMISSION_CONFIG_PATH = '/etc/kubernetes/admission.yaml';
export const EVENT_RATE_LIMIT_PLUGIN = 'EventRateLimit';
export const POD_SECURITY_PLUGIN = 'PodSecurity';

export interface AdmissionInputs {
  kubernetesVersion: string;
  userPlugins: readonly AdmissionPluginInput[];
  eventRateLimit?: { enabled?: boolean; configuration?: unknown } | null;
  /** services.kube-api.pod_security_configuration after defaulting (`privileged` for >= 1.23). */
  podSecurityConfiguration: string;
}

/** eventratelimit.Configuration after a typed JSON round trip (unknown keys dropped). */
export function normalizeEventRateLimitConfig(raw: unknown): JsonValue {
  const src = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: Record<string, JsonValue> = {};
  if (typeof src.kind === 'string' && src.kind !== '') out.kind = src.kind;
  if (typeof src.apiVersion === 'string' && src.apiVersion !== '') out.apiVersion = src.apiVersion;
  out.limits = Array.isArray(src.limits)
    ? src.limits.map((l) => {
        const lim = (l && typeof l === 'object' ? l : {}) as Record<string, unknown>;
        const o: Record<string, JsonValue> = {
          type: typeof lim.type === 'string' ? lim.type : '',
          qps: Number(lim.qps ?? 0),
          burst: Number(lim.burst ?? 0),
        };
        if (lim.cacheSize !== undefined && Number(lim.cacheSize) !== 0) o.cacheSize = Number(lim.cacheSize);
        return o;
      })
    : null;
  return out;
}

export function defaultEventRateLimitConfig(): JsonValue {
  return {
    kind: 'Configuration',
    apiVersion: 'eventratelimit.admission.k8s.io/v1alpha1',
    limits: [{ type: 'Server', qps: 5000, burst: 20000 }],
  };
}

function pluginJson(name: string, path: string, configuration: JsonValue): JsonValue {
  return { name, path, configuration };
}

function userPluginJson(p: AdmissionPluginInput): JsonValue {
  return pluginJson(p.name ?? '', p.path ?? '', p.configuration === undefined ? null : toJsonValue(p.configuration));
}

function podSecurityConfig(version: string, level: string): JsonValue {
  const apiVersion = atLeast(version, K8S_125)
    ? 'pod-security.admission.config.k8s.io/v1'
    : 'pod-security.admission.config.k8s.io/v1beta1';
  if (level === 'restricted') {
    return {
      kind: 'PodSecurityConfiguration',
      apiVersion,
      defaults: {
        enforce: 'restricted',
        'enforce-version': 'latest',
        audit: 'restricted',
        'audit-version': 'latest',
        warn: 'restricted',
        'warn-version': 'latest',
      },
      exemptions: { namespaces: ['ingress-nginx', 'kube-system'] },
    };
  }
  // Unknown levels fall back to privileged, like RKE1.
  return {
    kind: 'PodSecurityConfiguration',
    apiVersion,
    defaults: { enforce: 'privileged', 'enforce-version': 'latest' },
    exemptions: {},
  };
}

export function admissionConfiguration(input: AdmissionInputs): JsonValue {
  const userErl = input.userPlugins.find((p) => p.name === EVENT_RATE_LIMIT_PLUGIN);
  let erl: JsonValue;
  if (userErl) erl = userPluginJson(userErl);
  else if (input.eventRateLimit?.enabled && input.eventRateLimit.configuration != null)
    erl = pluginJson(EVENT_RATE_LIMIT_PLUGIN, '', normalizeEventRateLimitConfig(input.eventRateLimit.configuration));
  else erl = pluginJson(EVENT_RATE_LIMIT_PLUGIN, '', defaultEventRateLimitConfig());
  const plugins: JsonValue[] = [erl];
  if (atLeast(input.kubernetesVersion, K8S_123)) {
    const userPs = input.userPlugins.find((p) => p.name === POD_SECURITY_PLUGIN);
    plugins.push(
      userPs
        ? userPluginJson(userPs)
        : pluginJson(POD_SECURITY_PLUGIN, '', podSecurityConfig(input.kubernetesVersion, input.podSecurityConfiguration)),
    );
  }
  return { kind: 'AdmissionConfiguration', apiVersion: 'apiserver.config.k8s.io/v1', plugins };
}

export function admissionConfigYaml(input: AdmissionInputs): string {
  return marshalYamlV2(admissionConfiguration(input));
}
