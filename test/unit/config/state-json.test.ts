import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src/config/defaults.js';
import { parseClusterConfig } from '../../../src/config/parse.js';
import { fromRkeStateJson, toRkeStateJson } from '../../../src/config/state-json.js';
import { StateFileError } from '../../../src/errors.js';
import { fixtureTable } from './fixture-table.js';

const dir = join(import.meta.dirname, '../../fixtures/config/golden');
const effectiveConfigs = readdirSync(dir)
  .filter((name) => name.endsWith('.yml'))
  .map((name) => [name, applyDefaults(parseClusterConfig(readFileSync(join(dir, name), 'utf8')).config, fixtureTable(), { flags: {} })] as const);

/** Drops what Go's zero values cannot carry through JSON: '', false, 0, empty lists/maps, undefined. */
function withoutZeroValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutZeroValues);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const cleaned = withoutZeroValues(item);
      const empty = cleaned === undefined || cleaned === '' || cleaned === false || cleaned === 0 ||
        (typeof cleaned === 'object' && cleaned !== null && Object.keys(cleaned).length === 0);
      if (!empty) out[key] = cleaned;
    }
    return out;
  }
  return value;
}

describe('toRkeStateJson / fromRkeStateJson', () => {
  it('uses the JSON keys and Go omitempty rules', () => {
    const config = parseClusterConfig(
      [
        'nodes: [{address: a, role: [etcd], hostname_override: h}]',
        'services:',
        '  kube-api: {service_cluster_ip_range: 10.43.0.0/16, extra_args: {v: "2"}}',
        '  etcd: {backup_config: {interval_hours: 6}}',
        'network: {calico_network_provider: {cloudprovider: aws}, tolerations: [{key: k, tolerationseconds: 5}]}',
        'upgrade_strategy: {node_drain_input: {ignore_daemonsets: true, timeout: 60, grace_period: 10}}',
        'private_registries: [{url: r, ecr_credential_plugin: {aws_session_token: t}}]',
      ].join('\n'),
    ).config;
    const state = toRkeStateJson(config);
    expect(state).toMatchObject({
      nodes: [{ address: 'a', role: ['etcd'], hostnameOverride: 'h' }],
      services: {
        kubeApi: { serviceClusterIpRange: '10.43.0.0/16', extraArgs: { v: '2' } },
        etcd: { backupConfig: { intervalHours: 6, s3BackupConfig: null } },
        kubeController: {},
      },
      network: { calicoNetworkProvider: { cloudProvider: 'aws' }, tolerations: [{ key: 'k', tolerationSeconds: 5 }] },
      upgradeStrategy: { nodeDrainInput: { ignoreDaemonSets: true, timeout: 60, gracePeriod: 10 } },
      privateRegistries: [{ url: 'r', ecrCredentialPlugin: { awsAccessToken: 't' } }],
      // fields without omitempty are always written
      sshAgentAuth: false,
      ignoreDockerVersion: null,
      enableCriDockerd: null,
      rotateEncryptionKey: false,
      // non-pointer structs are always written
      bastionHost: {},
      restore: {},
      cloudProvider: {},
    });
    expect(state).not.toHaveProperty('dns');
    expect(state).not.toHaveProperty('addonsInclude');
  });

  it('reads keys case-insensitively and ignores unknown keys and nulls, like encoding/json', () => {
    expect(fromRkeStateJson({ SSHKeyPath: '~/k', clusterName: null, bogus: 1, Nodes: [{ ADDRESS: 'x' }] })).toEqual({
      ssh_key_path: '~/k',
      nodes: [{ address: 'x' }],
    });
  });

  it('rejects type mismatches with the key path', () => {
    expect(() => fromRkeStateJson({ nodes: [{ port: 22 }] })).toThrow(StateFileError);
    try {
      fromRkeStateJson({ nodes: [{ port: 22 }] });
    } catch (error) {
      expect((error as StateFileError).message).toBe('json: cannot unmarshal number into Go value of type string');
      expect((error as StateFileError).subject.key).toBe('nodes[0].port');
    }
  });

  for (const [name, config] of effectiveConfigs) {
    it(`round-trips ${name}`, () => {
      const state = toRkeStateJson(config);
      const back = fromRkeStateJson(JSON.parse(JSON.stringify(state)));
      expect(toRkeStateJson(back)).toEqual(state);
      expect(withoutZeroValues(back)).toEqual(withoutZeroValues(config));
    });
  }
});
