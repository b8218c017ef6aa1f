import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { clusterConfigJsonSchema } from '../../../src/config/json-schema.js';
import { effectiveClusterConfig } from '../../../src/config/load.js';
import { ConfigIssuesError, parseClusterConfig } from '../../../src/config/parse.js';
import type { ClusterConfig } from '../../../src/config/schema/cluster.js';
import { buildDesiredCluster } from '../../../src/desired/index.js';
import type { DesiredConfigInput } from '../../../src/desired/input.js';
import { applyProfile, DEFAULT_ETCD_ID, REQUIRED_FLAGS, STRONG_TLS_CIPHER_SUITES } from '../../../src/profile/index.js';
import { fixtureTable } from '../config/fixture-table.js';
import { inputFor } from '../desired/fixtures.js';

const NODES = 'nodes:\n- {address: 10.0.0.1, user: rke, role: [etcd, controlplane, worker]}\n';

function parsed(extra: string): ClusterConfig {
  return parseClusterConfig(`${NODES}${extra}`).config;
}

function effective(extra: string): ClusterConfig {
  const { config, lines } = parseClusterConfig(`${NODES}${extra}`);
  return effectiveClusterConfig(config, { table: fixtureTable(), lines }).config;
}

function issuesOf(extra: string): string[] {
  try {
    effective(extra);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigIssuesError)) throw err;
    return err.issues.map((i) => `${i.path}: ${i.message}${i.line !== undefined ? ` (line ${i.line})` : ''}`);
  }
}

describe('applyProfile', () => {
  it('returns the very same config when no profile is set (RKE1 behaviour untouched)', () => {
    const raw = parsed('network: {plugin: flannel}\n');
    const overlay = applyProfile(raw);
    expect(overlay.config).toBe(raw);
    expect(overlay.issues).toEqual([]);
    const { profile, ...withEmptyProfile } = effective('network: {plugin: flannel}\nprofile: ""\n');
    expect(profile).toBe('');
    expect(effective('network: {plugin: flannel}\n')).toEqual(withEmptyProfile);
  });

  it('writes every required flag, PSA restricted, audit, EventRateLimit, encryption and a non-root etcd', () => {
    const raw = parsed('profile: cis\nnetwork: {plugin: flannel}\n');
    const before = structuredClone(raw);
    const { config, issues } = applyProfile(raw);
    expect(issues).toEqual([]);
    expect(raw).toEqual(before); // pure
    const services = config.services ?? {};
    for (const req of REQUIRED_FLAGS) {
      expect((services[req.service] as { extra_args?: Record<string, string> }).extra_args?.[req.flag], `${req.service} ${req.flag}`).toBe(req.value);
    }
    const api = services['kube-api'];
    expect(api?.pod_security_configuration).toBe('restricted');
    expect(api?.audit_log?.enabled).toBe(true);
    expect(api?.event_rate_limit?.enabled).toBe(true);
    expect(api?.secrets_encryption_config?.enabled).toBe(true);
    expect(services.etcd?.uid).toBe(DEFAULT_ETCD_ID);
    expect(services.etcd?.gid).toBe(DEFAULT_ETCD_ID);
  });

  it('keeps user values that agree with the profile (own etcd ids, a stricter cipher list, audit settings)', () => {
    const raw = parsed(
      [
        'profile: cis-1.8',
        'services:',
        '  etcd: {uid: 1001, gid: 1002}',
        '  kubelet: {extra_args: {tls-cipher-suites: TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384}}',
        '  kube-api:',
        '    audit_log: {configuration: {max_age: 60}}',
        '',
      ].join('\n'),
    );
    const { config, issues } = applyProfile(raw);
    expect(issues).toEqual([]);
    expect(config.services?.etcd).toMatchObject({ uid: 1001, gid: 1002 });
    expect(config.services?.kubelet?.extra_args?.['tls-cipher-suites']).toBe('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
    expect(config.services?.['kube-api']?.audit_log).toEqual({ enabled: true, configuration: { max_age: 60 } });
  });

  it('refuses settings that contradict the profile, naming key path and line', () => {
    const issues = issuesOf(
      [
        'profile: cis',
        'authorization: {mode: none}',
        'services:',
        '  etcd: {uid: 1001}',
        '  kubelet:',
        '    extra_args:',
        '      protect-kernel-defaults: "false"',
        '      tls-cipher-suites: TLS_RSA_WITH_AES_128_CBC_SHA',
        '  kube-api:',
        '    pod_security_configuration: privileged',
        '    secrets_encryption_config: {enabled: false}',
        '',
      ].join('\n'),
    );
    expect(issues).toEqual([
      // RKE1's own check comes first; the profile adds its own.
      "services.kube-api.pod_security_configuration: PodSecurity can't be enabled with RBAC support disabled (line 12)",
      'services.kube-api.pod_security_configuration: profile [cis] requires [restricted], cluster.yml sets [privileged] (line 12)',
      'services.kube-api.secrets_encryption_config.enabled: profile [cis] requires encryption of Secrets at rest (true), cluster.yml sets [false] (line 13)',
      `services.kubelet.extra_args.protect-kernel-defaults: profile [cis] requires [true], cluster.yml sets [false] (line 9)`,
      `services.kubelet.extra_args.tls-cipher-suites: profile [cis] requires only ${STRONG_TLS_CIPHER_SUITES.join(',')}, cluster.yml sets [TLS_RSA_WITH_AES_128_CBC_SHA] (line 10)`,
      'services.etcd.gid: profile [cis] requires etcd to run as a non-root uid and gid, cluster.yml sets gid [0] (line 6)',
      'authorization.mode: profile [cis] requires [rbac], cluster.yml sets [none] (line 4)',
    ]);
  });

  it('rejects an unknown profile name', () => {
    expect(issuesOf('profile: cis-9\n')).toEqual(['profile: profile [cis-9] is not supported, use one of [cis, cis-1.8] (line 3)']);
  });

  it('adds default-deny NetworkPolicies when the CNI enforces them, after the user addons', () => {
    const { config, notes } = applyProfile(parsed('profile: cis\nnetwork: {plugin: canal}\naddons: |\n  apiVersion: v1\n  kind: Namespace\n  metadata: {name: x}\n'));
    expect(notes).toEqual([]);
    const docs = parseAllDocuments(config.addons ?? '').map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string } });
    expect(docs.map((d) => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`)).toEqual([
      'Namespace//x',
      'NetworkPolicy/default/default-network-policy',
      'NetworkPolicy/kube-public/default-network-policy',
      'NetworkPolicy/kube-system/default-network-policy',
      'NetworkPolicy/kube-system/default-network-dns-policy',
      'NetworkPolicy/kube-system/default-network-metrics-server-policy',
    ]);
  });

  it('says so, and deploys no policy, with flannel (it does not enforce NetworkPolicy)', () => {
    const { config, notes } = applyProfile(parsed('profile: cis\nnetwork: {plugin: flannel}\n'));
    expect(config.addons).toBeUndefined();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/\[flannel\] does not enforce NetworkPolicy/);
  });

  it('is idempotent: the effective config (what the state file keeps) re-applies to itself', () => {
    const once = effective('profile: cis\nnetwork: {plugin: canal}\n');
    expect(applyProfile(once).config).toEqual(once);
  });
});

describe('the profile in the JSON Schema', () => {
  it('lists the valid names', () => {
    const schema = clusterConfigJsonSchema() as { properties: Record<string, { enum?: string[]; type?: string }> };
    expect(schema.properties.profile).toMatchObject({ type: 'string', enum: ['cis', 'cis-1.8'] });
  });
});

describe('desired containers under the profile', () => {
  const desiredFor = (extra: string) => {
    const config = effective(`network: {plugin: flannel}\n${extra}`);
    return buildDesiredCluster(inputFor(config as DesiredConfigInput, { encryptionProviderFile: 'x' }));
  };
  const args = (spec: { entrypoint: string[]; cmd: string[] } | undefined) => [...(spec?.entrypoint ?? []), ...(spec?.cmd ?? [])];

  it('runs the hardened flags, etcd as non-root and PSA restricted', () => {
    const host = desiredFor('profile: cis\n').hosts[0]!;
    expect(args(host.containers.kubelet)).toContain('--protect-kernel-defaults=true');
    expect(args(host.containers['kube-controller-manager'])).toContain('--bind-address=127.0.0.1');
    expect(args(host.containers['kube-scheduler'])).toContain('--bind-address=127.0.0.1');
    const api = args(host.containers['kube-apiserver']);
    expect(api.find((a) => a.startsWith('--enable-admission-plugins='))).toMatch(/EventRateLimit/);
    expect(api).toContain('--audit-policy-file=/etc/kubernetes/audit-policy.yaml');
    expect(api).toContain('--encryption-provider-config=/etc/kubernetes/ssl/encryption.yaml');
    expect(host.containers.etcd?.user).toBe(`${DEFAULT_ETCD_ID}:${DEFAULT_ETCD_ID}`);
    const admission = host.files.find((f) => f.path.endsWith('admission.yaml'));
    const defaults = (parseYaml(admission?.content ?? '') as { plugins: { name: string; configuration: { defaults?: Record<string, string>; exemptions?: { namespaces: string[] } } }[] }).plugins.find(
      (p) => p.name === 'PodSecurity',
    )?.configuration;
    expect(defaults?.defaults?.enforce).toBe('restricted');
    expect(defaults?.exemptions?.namespaces).toEqual(['ingress-nginx', 'kube-system']);
  });

  it('without the profile builds exactly what it built before the profile existed', () => {
    const plain = desiredFor('');
    expect(JSON.stringify(plain)).toBe(JSON.stringify(desiredFor('profile: ""\n')));
    expect(args(plain.hosts[0]!.containers.kubelet)).not.toContain('--protect-kernel-defaults=true');
  });
});
