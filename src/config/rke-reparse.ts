/**
 * The second pass of RKE1's ParseConfig (cluster/cluster.go, cluster/encryption.go): sub-trees that hold
 * Kubernetes types are re-read from the raw document with their JSON keys (ghodss/yaml), and a few
 * values get RKE1's special treatment. Each step keeps RKE1's observable result, quirks included.
 */
import type { ClusterConfig } from './schema/cluster.js';
import { joinPath, lineOf, type ConfigIssue, type ConfigWarning, type LineIndex } from './issues.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(root: unknown, ...keys: string[]): unknown {
  let current = root;
  for (const key of keys) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

export interface ReparseResult {
  issues: ConfigIssue[];
  warnings: ConfigWarning[];
}

const ADMISSION_API_VERSION = 'apiserver.config.k8s.io/v1';
const AUDIT_API_VERSION = 'audit.k8s.io/v1';

/**
 * What k8s' UniversalDecoder reports for an object it cannot decode as `kind` of `apiVersion`
 * (apimachinery runtime errors; the scheme name part of the message is left out).
 */
function k8sDecodeError(obj: Json, kind: string, apiVersion: string): string | undefined {
  const shown = goJson(obj);
  if (typeof obj.kind !== 'string' || obj.kind === '') return `Object 'Kind' is missing in '${shown}'`;
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') return `Object 'apiVersion' is missing in '${shown}'`;
  if (obj.kind !== kind || obj.apiVersion !== apiVersion) {
    // RKE1's scheme has no name of its own, so apimachinery prints its default.
    return `no kind "${obj.kind}" is registered for version "${obj.apiVersion}" in scheme "pkg/runtime/scheme.go:100"`;
  }
  return undefined;
}

/** JSON as Go's encoding/json writes a map[string]interface{}: keys sorted. */
function goJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${goJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Applies the second pass to `config` in place. `raw` is the JSON view of the whole document
 * (what ghodss/yaml gives RKE1), `lines` the key lines for messages.
 */
export function reparseK8sSubtrees(config: ClusterConfig, raw: unknown, lines: LineIndex): ReparseResult {
  const issues: ConfigIssue[] = [];
  const warnings: ConfigWarning[] = [];
  const issue = (message: string, path: string) => {
    const entry: ConfigIssue = { message, path };
    const line = lineOf(lines, path);
    if (line !== undefined) entry.line = line;
    issues.push(entry);
  };
  const kubeApi = config.services?.['kube-api'];
  const kubeApiPath = 'services.kube-api';

  // secrets_encryption_config.custom_config: only kept when encryption is enabled.
  const encryption = kubeApi?.secrets_encryption_config;
  if (encryption?.custom_config !== undefined && !encryption.enabled) {
    delete encryption.custom_config;
    warnings.push({
      message: 'custom_config is ignored because secrets encryption is not enabled',
      path: joinPath(kubeApiPath, 'secrets_encryption_config.custom_config'),
      ...(lineOf(lines, `${kubeApiPath}.secrets_encryption_config.custom_config`) !== undefined
        ? { line: lineOf(lines, `${kubeApiPath}.secrets_encryption_config.custom_config`) as number }
        : {}),
    });
  } else if (encryption?.custom_config !== undefined) {
    const resources = encryption.custom_config.resources;
    if (resources !== undefined && resources !== null && !Array.isArray(resources)) {
      issue(
        `error unmarshalling: json: cannot unmarshal ${typeof resources === 'object' ? 'object' : typeof resources} into Go struct field EncryptionConfiguration.resources of type []v1.ResourceConfiguration`,
        `${kubeApiPath}.secrets_encryption_config.custom_config.resources`,
      );
    }
  }

  // admission_configuration: decoded by the apiserver.config.k8s.io/v1 scheme.
  if (kubeApi?.admission_configuration !== undefined) {
    const error = k8sDecodeError(kubeApi.admission_configuration, 'AdmissionConfiguration', ADMISSION_API_VERSION);
    if (error) issue(`error parsing admission config: error decoding data: ${error}`, `${kubeApiPath}.admission_configuration`);
  }

  // audit_log.configuration.policy: decoded by the audit.k8s.io/v1 scheme and must be kind Policy.
  const policy = kubeApi?.audit_log?.configuration?.policy;
  if (policy !== undefined) {
    const error = k8sDecodeError(policy, 'Policy', AUDIT_API_VERSION);
    if (error) {
      issue(
        `error parsing audit log config: error decoding audit policy: ${error}`,
        `${kubeApiPath}.audit_log.configuration.policy`,
      );
    }
  }

  // event_rate_limit.configuration: JSON keys only when enabled; otherwise yaml.v2 decoded it into the
  // Go type with lower-cased field names (limits[].type/qps/burst/cachesize; kind/apiVersion are lost).
  const eventRateLimit = kubeApi?.event_rate_limit;
  if (eventRateLimit?.configuration !== undefined && !eventRateLimit.enabled) {
    eventRateLimit.configuration = lowerCasedEventRateLimit(eventRateLimit.configuration);
  }

  // upgrade_strategy.node_drain_input (parseNodeDrainInput).
  const strategy = config.upgrade_strategy;
  if (strategy?.node_drain_input !== undefined) {
    const rawInput = at(raw, 'upgrade_strategy', 'node_drain_input');
    const result = reparseNodeDrainInput(isObject(rawInput) ? rawInput : {});
    if (result.replaced) {
      if (strategy.node_drain_input.ignore_daemonsets !== undefined && result.input.ignore_daemonsets === undefined) {
        const path = 'upgrade_strategy.node_drain_input.ignore_daemonsets';
        const line = lineOf(lines, path);
        warnings.push({
          message: 'RKE1 drops ignore_daemonsets unless timeout and grace_period are also set (it is left unset)',
          path,
          ...(line !== undefined ? { line } : {}),
        });
      }
      strategy.node_drain_input = result.input;
    }
  }
  return { issues, warnings };
}

function lowerCasedEventRateLimit(configuration: Json): Json {
  const limits = configuration.limits;
  if (!Array.isArray(limits)) return {};
  return {
    limits: limits.map((limit: unknown) => {
      if (!isObject(limit)) return { type: '', qps: 0, burst: 0 };
      const out: Json = {
        type: typeof limit.type === 'string' ? limit.type : '',
        qps: typeof limit.qps === 'number' ? limit.qps : 0,
        burst: typeof limit.burst === 'number' ? limit.burst : 0,
      };
      if (typeof limit.cachesize === 'number' && limit.cachesize !== 0) out.cacheSize = limit.cachesize;
      return out;
    }),
  };
}

type NodeDrainInput = NonNullable<NonNullable<ClusterConfig['upgrade_strategy']>['node_drain_input']>;

/**
 * RKE1 re-reads node_drain_input with its JSON tags, so only keys whose JSON name matches survive
 * (`force`, `timeout`); it then fills ignore_daemonsets/timeout/grace_period defaults when absent
 * and restores grace_period/delete_local_data by hand. When it filled anything the re-read value
 * replaces the one yaml.v2 decoded (dropping a user-set ignore_daemonsets).
 */
export function reparseNodeDrainInput(rawInput: Json): { replaced: boolean; input: NodeDrainInput } {
  const input: NodeDrainInput = {};
  const jsonField = (name: string): unknown => {
    const key = Object.keys(rawInput).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : rawInput[key];
  };
  if (typeof jsonField('force') === 'boolean') input.force = jsonField('force') as boolean;
  if (typeof jsonField('ignoreDaemonSets') === 'boolean') input.ignore_daemonsets = jsonField('ignoreDaemonSets') as boolean;
  if (typeof jsonField('deleteLocalData') === 'boolean') input.delete_local_data = jsonField('deleteLocalData') as boolean;
  if (typeof jsonField('gracePeriod') === 'number') input.grace_period = Math.trunc(jsonField('gracePeriod') as number);
  if (typeof jsonField('timeout') === 'number') input.timeout = Math.trunc(jsonField('timeout') as number);

  let replaced = false;
  if (!('ignore_daemonsets' in rawInput)) {
    input.ignore_daemonsets = true;
    replaced = true;
  }
  if (!('timeout' in rawInput)) {
    input.timeout = 120;
    replaced = true;
  }
  const gracePeriod = rawInput.grace_period;
  if (typeof gracePeriod !== 'number') {
    input.grace_period = -1;
    replaced = true;
  } else {
    input.grace_period = Math.trunc(gracePeriod);
  }
  if (typeof rawInput.delete_local_data === 'boolean') input.delete_local_data = rawInput.delete_local_data;
  return { replaced, input };
}
