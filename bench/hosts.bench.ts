/**
 * The SSH transport's costs, measured side by side in one run (not a test):
 *  1. N sequential `docker inspect` calls over one pooled connection vs. a fresh SSH connection
 *     for each call (what a transport without a pool pays; RKE1 dials SSH per Docker connection).
 *  2. M hosts (M sshd servers on loopback ports, one dockerd behind them) opened and inspected
 *     in parallel vs. one after another.
 *  3. With --lab and a running lab: the same on the lab nodes (real separate sshd/dockerd).
 * Run as root: bench/hosts.sh [--calls 50] [--hosts 20] [--lab]
 */
import { HostConnectionPool } from '../src/hosts/connection-pool.js';
import type { HostConnectionSpec } from '../src/hosts/types.js';
import { Sshd, SshWorkspace } from '../test/integration/hosts/fixtures/sshd.js';
import { ensureTestImage } from '../test/integration/hosts/fixtures/test-image.js';
import { readLabInfo } from '../lab/src/lab.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const calls = arg('--calls', 50);
const hostCount = arg('--hosts', 20);
const withLab = process.argv.includes('--lab');
const container = `rke-ts-bench-${process.pid}`;

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return `mean ${mean.toFixed(1)} ms, p50 ${pick(0.5).toFixed(1)}, p90 ${pick(0.9).toFixed(1)}, max ${pick(1).toFixed(1)}`;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function inspectBench(spec: HostConnectionSpec, target: string, label: string): Promise<void> {
  const pooled = new HostConnectionPool();
  const warm = await pooled.connect(spec);
  await warm.docker.inspectContainer(target);
  const reuse: number[] = [];
  for (let i = 0; i < calls; i++) reuse.push((await timed(() => warm.docker.inspectContainer(target)))[1]);
  const fresh: number[] = [];
  for (let i = 0; i < calls; i++) {
    const p = new HostConnectionPool();
    fresh.push(
      (
        await timed(async () => {
          const c = await p.connect(spec);
          await c.docker.inspectContainer(target);
        })
      )[1],
    );
    await p.closeAll();
  }
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  console.log(`\n[${label}] ${calls} sequential docker inspect calls`);
  console.log(`  one pooled connection : total ${sum(reuse).toFixed(0)} ms (${stats(reuse)}); SSH handshakes: ${pooled.stats.sshConnections}, docker channels: ${pooled.stats.dockerChannels}`);
  console.log(`  fresh connection each : total ${sum(fresh).toFixed(0)} ms (${stats(fresh)}); SSH handshakes: ${calls}`);
  console.log(`  ratio fresh/pooled    : ${(sum(fresh) / sum(reuse)).toFixed(1)}x`);
  await pooled.closeAll();
}

async function parallelBench(specs: HostConnectionSpec[], target: string, label: string): Promise<void> {
  const openAndInspect = async (pool: HostConnectionPool, s: HostConnectionSpec) => {
    const c = await pool.connect(s);
    await c.docker.inspectContainer(target);
  };
  const seqPool = new HostConnectionPool();
  const [, seqMs] = await timed(async () => {
    for (const s of specs) await openAndInspect(seqPool, s);
  });
  await seqPool.closeAll();
  const parPool = new HostConnectionPool();
  const perHost: number[] = [];
  const [, parMs] = await timed(() => Promise.all(specs.map(async (s) => perHost.push((await timed(() => openAndInspect(parPool, s)))[1]))));
  console.log(`\n[${label}] ${specs.length} hosts: connect + docker inspect`);
  console.log(`  one after another : ${seqMs.toFixed(0)} ms`);
  console.log(`  in parallel       : ${parMs.toFixed(0)} ms (per host ${stats(perHost)}); SSH handshakes: ${parPool.stats.sshConnections}`);
  console.log(`  speedup           : ${(seqMs / parMs).toFixed(1)}x`);
  await parPool.closeAll();
}

async function loopback(): Promise<void> {
  const ws = await SshWorkspace.create();
  const servers: Sshd[] = [];
  const image = await ensureTestImage();
  const pool = new HostConnectionPool();
  try {
    const key = await ws.keygen('bench');
    await ws.authorize('root', key);
    for (let i = 0; i < hostCount; i++) servers.push(await Sshd.start(ws, `bench-${i}`));
    const specs = servers.map((s) => ({ address: s.host, port: s.port, user: 'root', sshKeyPath: key.privatePath }));
    const c = await pool.connect(specs[0]!);
    await c.docker.removeContainer(container);
    await c.docker.createContainer(container, { Image: image, Cmd: ['sleep', '600'] });
    await inspectBench(specs[0]!, container, 'loopback sshd');
    await parallelBench(specs, container, `loopback, ${hostCount} sshd servers`);
  } finally {
    await (await pool.connect({ address: servers[0]!.host, port: servers[0]!.port, user: 'root', sshKeyPath: `${ws.dir}/bench` }))
      .docker.removeContainer(container)
      .catch(() => undefined);
    await pool.closeAll();
    for (const s of servers) await s.stop();
    await ws.cleanup();
  }
}

async function lab(): Promise<void> {
  const info = await readLabInfo();
  if (!info || info.nodes.length === 0) {
    console.log('\n[lab] no running lab (scripts/lab up --nodes 3): skipped at your request (--lab)');
    return;
  }
  const specs = info.nodes.map((n) => ({ address: n.address, port: 22, user: 'root', sshKeyPath: info.sshKeyPath }));
  // Inspecting a missing container is a full API round trip (404) and needs no setup on the nodes.
  await inspectBench(specs[0]!, container, `lab node ${info.nodes[0]!.address}`);
  await parallelBench(specs, container, `lab, ${specs.length} nodes`);
}

console.log(`hosts transport benchmark (pid ${process.pid}, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')})`);
await loopback();
if (withLab) await lab();
