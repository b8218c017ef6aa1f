/**
 * The profile as a pure overlay on cluster.yml (before RKE1's defaults): `profile: cis` is the same
 * as writing the hardened settings into the file. Values the user set that the profile agrees with
 * stay; values that contradict it are errors (as RKE2 refuses `protect-kernel-defaults: false` with
 * its CIS profile), never silently overridden. Without `profile` the config is returned untouched,
 * so RKE1's defaults and container specs stay byte-identical.
 */
import type { ClusterConfig } from '../config/schema/cluster.js';
import type { ConfigIssue } from '../config/issues.js';
import { DEFAULT_ETCD_ID, REQUIRED_FLAGS, STRONG_TLS_CIPHER_SUITES } from './cis.js';
import { isProfileName, PROFILE_NAMES, type ProfileName } from './names.js';
import { defaultNetworkPolicies, pluginEnforcesNetworkPolicy } from './network-policies.js';

export interface ProfileOverlay {
  /** The config with the profile's settings written in (the input when no profile is set). */
  config: ClusterConfig;
  /** Contradictions between the file and the profile; each names its key path. */
  issues: ConfigIssue[];
  /** What the profile could not apply here and why (shown to the user at warning level). */
  notes: string[];
  profile?: ProfileName;
}

type Services = NonNullable<ClusterConfig['services']>;

const CONTEXT = 'Failed to validate cluster';

function conflict(profile: string, path: string, wants: string, found: string): ConfigIssue {
  return { message: `profile [${profile}] requires ${wants}, cluster.yml sets ${found}`, path, context: CONTEXT };
}

function cipherListIsStrong(value: string): boolean {
  const strong = new Set<string>(STRONG_TLS_CIPHER_SUITES);
  const suites = value.split(',').map((s) => s.trim()).filter(Boolean);
  return suites.length > 0 && suites.every((s) => strong.has(s));
}

function applyFlags(profile: ProfileName, services: Services, issues: ConfigIssue[]): void {
  for (const req of REQUIRED_FLAGS) {
    const service = (services[req.service] ??= {}) as { extra_args?: Record<string, string> };
    const args = (service.extra_args ??= {});
    const path = `services.${req.service}.extra_args.${req.flag}`;
    const current = args[req.flag];
    if (current === undefined) {
      args[req.flag] = req.value;
    } else if (req.flag === 'tls-cipher-suites') {
      if (!cipherListIsStrong(current)) issues.push(conflict(profile, path, `only ${STRONG_TLS_CIPHER_SUITES.join(',')}`, `[${current}]`));
    } else if (current !== req.value) {
      issues.push(conflict(profile, path, `[${req.value}]`, `[${current}]`));
    }
  }
}

function applyKubeApi(profile: ProfileName, services: Services, issues: ConfigIssue[]): void {
  const api = (services['kube-api'] ??= {});
  const base = 'services.kube-api';
  if (api.pod_security_configuration && api.pod_security_configuration !== 'restricted') {
    issues.push(conflict(profile, `${base}.pod_security_configuration`, '[restricted]', `[${api.pod_security_configuration}]`));
  } else {
    api.pod_security_configuration = 'restricted';
  }
  if (api['extra_args']?.['admission-control-config-file'] !== undefined) {
    // RKE1 then writes no admission.yaml: PodSecurity and EventRateLimit would be whatever that file says.
    issues.push(conflict(profile, `${base}.extra_args.admission-control-config-file`, 'the admission configuration RKE writes', 'its own file'));
  }
  const toggles = [
    ['audit_log', 'audit logging'],
    ['event_rate_limit', 'the EventRateLimit admission plugin'],
    ['secrets_encryption_config', 'encryption of Secrets at rest'],
  ] as const;
  for (const [key, what] of toggles) {
    const section = api[key];
    if (section?.enabled === false) {
      issues.push(conflict(profile, `${base}.${key}.enabled`, `${what} (true)`, '[false]'));
    } else {
      api[key] = { ...(section ?? {}), enabled: true };
    }
  }
}

function applyEtcd(profile: ProfileName, services: Services, issues: ConfigIssue[]): void {
  const etcd = (services.etcd ??= {});
  if ((etcd.external_urls ?? []).length > 0) return; // not run by RKE: nothing to run as non-root
  const uid = etcd.uid ?? 0;
  const gid = etcd.gid ?? 0;
  if (uid === 0 && gid === 0) {
    etcd.uid = DEFAULT_ETCD_ID;
    etcd.gid = DEFAULT_ETCD_ID;
  } else if (uid === 0 || gid === 0) {
    const key = uid === 0 ? 'uid' : 'gid';
    issues.push(conflict(profile, `services.etcd.${key}`, 'etcd to run as a non-root uid and gid', `${key} [0]`));
  }
}

function applyAuthorization(profile: ProfileName, config: ClusterConfig, issues: ConfigIssue[]): void {
  const mode = config.authorization?.mode;
  if (mode && mode !== 'rbac') issues.push(conflict(profile, 'authorization.mode', '[rbac]', `[${mode}]`));
}

function networkPolicyNote(plugin: string | undefined): string | undefined {
  if (pluginEnforcesNetworkPolicy(plugin)) return undefined;
  return `network plugin [${plugin ?? ''}] does not enforce NetworkPolicy: no default-deny policies are deployed (use canal, calico or weave for CIS 5.3.2)`;
}

function applyNetworkPolicies(config: ClusterConfig, notes: string[]): void {
  const note = networkPolicyNote(config.network?.plugin);
  if (note) {
    notes.push(note);
    return;
  }
  const policies = defaultNetworkPolicies();
  if (config.addons?.includes(policies)) return;
  config.addons = config.addons?.trim() ? `${config.addons.replace(/\s+$/, '')}\n---\n${policies}\n` : `${policies}\n`;
}

/** Applies the profile named in `config.profile` (if any). Pure: the input is not modified. */
export function applyProfile(input: ClusterConfig): ProfileOverlay {
  const name = input.profile;
  if (name === undefined || name === '') return { config: input, issues: [], notes: [] };
  if (!isProfileName(name)) {
    return {
      config: input,
      issues: [{ message: `profile [${name}] is not supported, use one of [${PROFILE_NAMES.join(', ')}]`, path: 'profile', context: CONTEXT }],
      notes: [],
    };
  }
  const config = structuredClone(input);
  const issues: ConfigIssue[] = [];
  const notes: string[] = [];
  const services = (config.services ??= {});
  applyKubeApi(name, services, issues);
  applyFlags(name, services, issues);
  applyEtcd(name, services, issues);
  applyAuthorization(name, config, issues);
  applyNetworkPolicies(config, notes);
  return { config, issues, notes, profile: name };
}

/** Profile notes for an already applied config (what `rke up` prints before touching hosts). */
export function profileNotes(config: ClusterConfig): string[] {
  if (!config.profile || !isProfileName(config.profile)) return [];
  const note = networkPolicyNote(config.network?.plugin);
  return note ? [note] : [];
}
