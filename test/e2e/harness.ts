/**
 * e2e harness: a fresh lab (real Docker-in-Docker nodes with sshd and dockerd), the real `rke` CLI
 * (dist/cli/main.js, built by scripts/build) run as a subprocess, and checks through the real
 * Kubernetes API and the nodes' Docker engines.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { renderClusterYml } from '../../lab/src/cluster-yml.js';
import { labDown, labUp, type LabInfo } from '../../lab/src/lab.js';

const run = promisify(execFile);
/** The CLI under test: dist/ from scripts/build, or RKE_CLI (a build of one's own while others rebuild dist/). */
export const RKE = resolve(process.env.RKE_CLI ?? 'dist/cli/main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function rke(args: string[], cwd: string, timeoutMs = 1_500_000): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('node', [RKE, ...args], { cwd, timeout: timeoutMs, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

/** A fresh lab of `count` nodes (previous lab removed with its volumes). */
export async function freshLab(count: number): Promise<LabInfo> {
  await labDown();
  return labUp({ nodes: count, log: (l) => process.stderr.write(`lab: ${l}\n`) });
}

export interface NodeRoles {
  roles: ('etcd' | 'controlplane' | 'worker')[];
}

/** The lab's cluster.yml with the given roles per node, in a new temp directory; returns its path. */
export function writeClusterYml(lab: LabInfo, roles: NodeRoles['roles'][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rke-e2e-'));
  const yml = renderClusterYml(
    roles.map((r, i) => ({ address: lab.nodes[i]!.address, hostnameOverride: lab.nodes[i]!.name, roles: r })),
    { sshKeyPath: lab.sshKeyPath },
  );
  const path = join(dir, 'cluster.yml');
  writeFileSync(path, yml);
  return path;
}

/** Container name → ID of every container on a lab node (through the node's own Docker engine). */
export async function containerIds(nodeContainer: string): Promise<Record<string, string>> {
  const { stdout } = await run('docker', ['exec', nodeContainer, 'docker', 'ps', '-a', '--no-trunc', '--format', '{{.Names}} {{.ID}}']);
  const out: Record<string, string> = {};
  for (const line of stdout.trim().split('\n')) {
    const [name, id] = line.split(' ');
    if (name && id && !name.startsWith('k8s_')) out[name] = id;
  }
  return out;
}

/** Polls `fn` every 3 s until it returns a value (not undefined) or the timeout expires. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${String(last ?? '')}`);
    await new Promise((r) => setTimeout(r, 3000));
  }
}

/**
 * Runs `rke <args>` and kills it with SIGKILL as soon as a stderr line matches `killAt`
 * (a crash at a chosen plan step). Resolves with whether it was killed and the output so far.
 */
export async function rkeKilledAt(args: string[], cwd: string, killAt: RegExp, timeoutMs = 1_200_000): Promise<{ killed: boolean; code: number | null; stderr: string }> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolvePromise) => {
    const child = spawn('node', [RKE, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      if (!killed && killAt.test(stderr)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ killed, code, stderr });
    });
  });
}
