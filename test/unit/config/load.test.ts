import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusterConfig } from '../../../src/config/load.js';
import { ConfigIssuesError } from '../../../src/config/parse.js';
import { ConfigError } from '../../../src/errors.js';
import { fixtureTable } from './fixture-table.js';

const dir = mkdtempSync(join(tmpdir(), 'rke-config-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('loadClusterConfig', () => {
  it('returns the effective config, the raw one and the warnings', async () => {
    const path = write('ok.yml', 'nodes:\n- {address: 10.0.0.1, user: rke, role: [etcd, controlplane, worker]}\nbogus: 1\n');
    const loaded = await loadClusterConfig(path, { table: fixtureTable(), flags: { sshAgentAuth: true } });
    expect(loaded.config.ssh_agent_auth).toBe(true);
    expect(loaded.config.nodes?.[0]?.ssh_agent_auth).toBe(true);
    expect(loaded.raw.ssh_agent_auth).toBeUndefined();
    expect(loaded.warnings).toEqual([{ message: 'unknown key [bogus] is ignored', path: 'bogus', line: 3 }]);
  });

  it('names a missing file like RKE1', async () => {
    await expect(loadClusterConfig(join(dir, 'missing.yml'), { table: fixtureTable() })).rejects.toThrow(
      /^can not find cluster configuration file: open .*missing\.yml: no such file or directory$/,
    );
  });

  it('throws one ConfigError listing every problem with its key path and line', async () => {
    const path = write(
      'bad.yml',
      ['nodes:', '- address: 10.0.0.1', '  role: [etcd, boss]', 'network:', '  plugin: cilium', 'ingress:', '  provider: traefik', ''].join('\n'),
    );
    const error = await loadClusterConfig(path, { table: fixtureTable() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigIssuesError);
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigIssuesError).issues;
    const validation = 'Failed to validate cluster';
    expect(issues).toEqual([
      { message: 'Failed to recognize host [10.0.0.1] role boss', path: 'nodes[0].role[1]', line: 3, context: 'Failed to classify hosts from config file' },
      { message: 'User for host (1) is not provided', path: 'nodes[0].user', line: 2, context: validation },
      { message: 'Network plugin [cilium] is not supported', path: 'network.plugin', line: 5, context: validation },
      { message: 'Ingress controller traefik is incorrect', path: 'ingress.provider', line: 7, context: validation },
    ]);
    expect((error as Error).message).toBe(
      [
        `4 problems in ${path}:`,
        '  - Failed to classify hosts from config file: Failed to recognize host [10.0.0.1] role boss ([nodes[0].role[1]] line 3)',
        '  - Failed to validate cluster: User for host (1) is not provided ([nodes[0].user] line 2)',
        '  - Failed to validate cluster: Network plugin [cilium] is not supported ([network.plugin] line 5)',
        '  - Failed to validate cluster: Ingress controller traefik is incorrect ([ingress.provider] line 7)',
      ].join('\n'),
    );
    expect((error as ConfigError).subject).toEqual({ file: path, key: 'nodes[0].role[1]', line: 3 });
  });
});
