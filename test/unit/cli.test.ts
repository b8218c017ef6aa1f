import { describe, expect, it } from 'vitest';
import { buildProgram, runCli } from '../../src/cli/program.js';

function commandPaths(): string[] {
  const out: string[] = [];
  const walk = (cmd: ReturnType<typeof buildProgram>, prefix: string) => {
    for (const sub of cmd.commands) {
      const name = `${prefix}${sub.name()}`;
      out.push(name);
      walk(sub, `${name} `);
    }
  };
  walk(buildProgram(), '');
  return out;
}

describe('rke command table', () => {
  it('has every RKE1 command plus plan', () => {
    const paths = commandPaths();
    for (const expected of [
      'up', 'remove', 'version', 'config', 'plan',
      'etcd snapshot-save', 'etcd snapshot-restore',
      'cert rotate', 'cert generate-csr',
      'encrypt rotate-key',
      'util get-state-file', 'util get-kubeconfig',
    ]) {
      expect(paths).toContain(expected);
    }
  });

  it('has RKE1 global flags', () => {
    const flags = buildProgram().options.map((o) => o.long);
    expect(flags).toEqual(expect.arrayContaining(['--debug', '--quiet', '--trace']));
  });

  it('gives up the common flags and --config (RKE_CONFIG) on up', () => {
    const up = buildProgram().commands.find((c) => c.name() === 'up')!;
    const config = up.options.find((o) => o.long === '--config')!;
    expect(config.defaultValue).toBe('cluster.yml');
    expect(config.envVar).toBe('RKE_CONFIG');
    expect(up.options.map((o) => o.long)).toEqual(
      expect.arrayContaining(['--ssh-agent-auth', '--ignore-docker-version', '--update-only', '--disable-port-check', '--init', '--cert-dir', '--custom-certs', '--dind', '--local']),
    );
  });

  it('fails with a non-zero exit code for an unknown command', async () => {
    expect(await runCli(['--quiet', 'frobnicate'])).not.toBe(0);
  });
});
