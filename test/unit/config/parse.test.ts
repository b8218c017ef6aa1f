import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { parseClusterConfig, ConfigIssuesError } from '../../../src/config/parse.js';

describe('parseClusterConfig', () => {
  it('decodes nodes, keeps scalar source text for string fields and records lines', () => {
    const { config, lines } = parseClusterConfig(
      ['nodes:', '  - address: 10.0.0.1', '    port: 022', '    role: [etcd, controlplane]', '    user: yes', 'ssh_agent_auth: on', ''].join('\n'),
    );
    expect(config.nodes?.[0]).toEqual({ address: '10.0.0.1', port: '022', role: ['etcd', 'controlplane'], user: 'yes' });
    expect(config.ssh_agent_auth).toBe(true);
    expect(lines.get('nodes[0].port')).toBe(3);
    expect(lines.get('ssh_agent_auth')).toBe(6);
  });

  it('collects unknown keys as warnings with their path and line, and otherwise ignores them', () => {
    const { config, warnings } = parseClusterConfig('pod_security_policy: true\nservices:\n  kubelet:\n    bogus: 1\n');
    expect(config).toEqual({ services: { kubelet: {} } });
    expect(warnings).toEqual([
      { message: 'unknown key [pod_security_policy] is ignored', path: 'pod_security_policy', line: 1 },
      { message: 'unknown key [bogus] is ignored', path: 'services.kubelet.bogus', line: 4 },
    ]);
  });

  it('reads tolerations with the lower-cased Go field names (tolerationSeconds is ignored)', () => {
    const { config, warnings } = parseClusterConfig(
      'dns:\n  tolerations:\n  - key: a\n    tolerationseconds: 30\n  - key: b\n    tolerationSeconds: 40\n',
    );
    expect(config.dns?.tolerations).toEqual([{ key: 'a', tolerationseconds: 30 }, { key: 'b' }]);
    expect(warnings.map((w) => w.path)).toEqual(['dns.tolerations[1].tolerationSeconds']);
  });

  it('reports every type error at once with key path and line', () => {
    let error: unknown;
    try {
      parseClusterConfig('addon_job_timeout: abc\nnodes:\n  - role: etcd\nssh_agent_auth: "true"\n', { file: 'c.yml' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigIssuesError);
    const issues = (error as ConfigIssuesError).issues;
    const context = (line: number) => `Failed to parse cluster file: yaml: unmarshal errors:\n  line ${line}`;
    expect(issues).toEqual([
      { message: 'cannot unmarshal !!str `abc` into int', path: 'addon_job_timeout', line: 1, context: context(1) },
      { message: 'cannot unmarshal !!str `etcd` into []string', path: 'nodes[0].role', line: 3, context: context(3) },
      { message: 'cannot unmarshal !!str `true` into bool', path: 'ssh_agent_auth', line: 4, context: context(4) },
    ]);
    expect((error as Error).message).toBe(
      [
        '3 problems in c.yml:',
        '  - Failed to parse cluster file: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `abc` into int ([addon_job_timeout] line 1)',
        '  - Failed to parse cluster file: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `etcd` into []string ([nodes[0].role] line 3)',
        '  - Failed to parse cluster file: yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str `true` into bool ([ssh_agent_auth] line 4)',
      ].join('\n'),
    );
    expect((error as ConfigError).subject).toEqual({ file: 'c.yml', key: 'addon_job_timeout', line: 1 });
  });

  it('gives a clear error naming file and line for malformed YAML', () => {
    expect(() => parseClusterConfig('nodes:\n  - address: a\n   role: [x\n', { file: 'bad.yml' })).toThrow(
      /^Failed to parse cluster file: error unmarshalling clusterfile: error converting YAML to JSON: yaml: line \d+: .* \(bad\.yml\)$/,
    );
    try {
      parseClusterConfig('a: b\nc: [\n', { file: 'bad.yml' });
    } catch (e) {
      expect((e as ConfigError).subject.file).toBe('bad.yml');
      expect((e as ConfigError).subject.line).toBeGreaterThan(0);
    }
  });

  it('keeps Kubernetes sub-trees as JSON objects', () => {
    const { config } = parseClusterConfig(
      [
        'services:',
        '  kube-api:',
        '    secrets_encryption_config:',
        '      enabled: true',
        '      custom_config:',
        '        apiVersion: apiserver.config.k8s.io/v1',
        '        kind: EncryptionConfiguration',
        '        resources:',
        '        - resources: [secrets]',
        '          providers:',
        '          - aescbc:',
        '              keys:',
        '              - name: k1',
        '                secret: c2VjcmV0',
        '          - identity: {}',
        'ingress:',
        '  extra_envs:',
        '  - name: FOO',
        '    valueFrom: {fieldRef: {fieldPath: spec.nodeName}}',
        '  update_strategy:',
        '    strategy: RollingUpdate',
        '    rollingupdate: {maxunavailable: 2}',
      ].join('\n'),
    );
    expect(config.services?.['kube-api']?.secrets_encryption_config?.custom_config).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [{ resources: ['secrets'], providers: [{ aescbc: { keys: [{ name: 'k1', secret: 'c2VjcmV0' }] } }, { identity: {} }] }],
    });
    expect(config.ingress?.extra_envs).toEqual([{ name: 'FOO', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
    expect(config.ingress?.update_strategy).toEqual({ strategy: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } });
  });
});

describe('RKE1 second-pass quirks', () => {
  it('drops custom_config when encryption is disabled, with a warning', () => {
    const { config, warnings } = parseClusterConfig(
      'services:\n  kube-api:\n    secrets_encryption_config:\n      custom_config: {kind: EncryptionConfiguration}\n',
    );
    expect(config.services?.['kube-api']?.secrets_encryption_config).toEqual({});
    expect(warnings[0]?.path).toBe('services.kube-api.secrets_encryption_config.custom_config');
  });

  it('reads a disabled event_rate_limit configuration the yaml.v2 way (lower-cased Go field names)', () => {
    const { config } = parseClusterConfig(
      'services:\n  kube-api:\n    event_rate_limit:\n      configuration:\n        kind: Configuration\n        limits:\n        - {type: Server, qps: 10, burst: 20, cacheSize: 5}\n        - {type: User, qps: 1, burst: 2, cachesize: 7}\n',
    );
    expect(config.services?.['kube-api']?.event_rate_limit?.configuration).toEqual({
      limits: [
        { type: 'Server', qps: 10, burst: 20 },
        { type: 'User', qps: 1, burst: 2, cacheSize: 7 },
      ],
    });
  });

  it('node_drain_input: RKE1 fills timeout/grace_period and loses ignore_daemonsets when it does', () => {
    const partial = parseClusterConfig('upgrade_strategy:\n  node_drain_input:\n    ignore_daemonsets: false\n    force: true\n');
    expect(partial.config.upgrade_strategy?.node_drain_input).toEqual({ force: true, grace_period: -1, timeout: 120 });
    const complete = parseClusterConfig(
      'upgrade_strategy:\n  node_drain_input: {ignore_daemonsets: false, timeout: 30, grace_period: 5}\n',
    );
    expect(complete.config.upgrade_strategy?.node_drain_input).toEqual({ ignore_daemonsets: false, timeout: 30, grace_period: 5 });
  });

  it('accepts an AdmissionConfiguration and keeps it as written', () => {
    const admission = { apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AdmissionConfiguration', plugins: [{ name: 'EventRateLimit', path: '/x' }] };
    const { config } = parseClusterConfig(`services:\n  kube-api:\n    admission_configuration: ${JSON.stringify(admission)}\n`);
    expect(config.services?.['kube-api']?.admission_configuration).toEqual(admission);
  });

  it('reads only the first document, last duplicate key wins, merge keys work', () => {
    const { config, warnings } = parseClusterConfig(
      'base: &b {user: a, port: "2"}\ncluster_name: one\ncluster_name: two\nnodes:\n- <<: *b\n  address: x\n---\ncluster_name: three\n',
    );
    expect(config.cluster_name).toBe('two');
    expect(config.nodes).toEqual([{ user: 'a', port: '2', address: 'x' }]);
    expect(warnings.map((w) => w.message)).toContain('only the first YAML document is read; the others are ignored');
  });

  it('an empty file is an empty config', () => {
    expect(parseClusterConfig('').config).toEqual({});
    expect(parseClusterConfig('# only a comment\n').config).toEqual({});
  });

  it('a top-level list is a type error', () => {
    expect(() => parseClusterConfig('- a\n- b\n')).toThrow(/cannot unmarshal !!seq into types\.RancherKubernetesEngineConfig/);
  });
});
