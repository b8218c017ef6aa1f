import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ACI_LIST_FIELDS } from '../../../src/config/aci.js';
import { toYamlV2Object } from '../../../src/config/yaml-v2.js';

const cli = join(import.meta.dirname, '../../fixtures/rke1/cli');

describe('toYamlV2Object', () => {
  it('gives the document RKE1 `rke config --empty` writes (one empty node)', () => {
    const recorded = readFileSync(join(cli, 'config--empty.cluster.yml'), 'utf8');
    const body = recorded.slice(recorded.indexOf('nodes:'));
    expect(toYamlV2Object({ nodes: [{}] })).toEqual(parse(body, { version: '1.1' }));
    // and the same text with yaml.v2-like layout
    expect(stringify(toYamlV2Object({ nodes: [{}] }), { version: '1.1', indentSeq: false })).toBe(body);
  });

  it('omits zero omitempty fields and keeps set ones', () => {
    const doc = toYamlV2Object({
      nodes: [{ address: 'a', ssh_agent_auth: true, taints: [{ key: 'k' }] }],
      upgrade_strategy: { drain: true },
      network: { plugin: 'calico', calico_network_provider: { cloudprovider: 'aws' } },
    });
    expect(doc.nodes).toEqual([
      {
        address: 'a', port: '', internal_address: '', role: [], hostname_override: '', user: '', docker_socket: '',
        ssh_agent_auth: true, ssh_key: '', ssh_key_path: '', ssh_cert: '', ssh_cert_path: '', labels: {},
        taints: [{ key: 'k', value: '', effect: '' }],
      },
    ]);
    expect(doc.upgrade_strategy).toEqual({ max_unavailable_worker: '', max_unavailable_controlplane: '', drain: true, node_drain_input: null });
    expect((doc.network as Record<string, unknown>).calico_network_provider).toEqual({ cloudprovider: 'aws' });
    expect(doc).not.toHaveProperty('rotate_certificates');
  });

  it('knows the ACI list fields', () => {
    expect(ACI_LIST_FIELDS.map(([key]) => key)).toEqual(expect.arrayContaining(['apic_hosts', 'l3out_external_networks']));
  });
});
