/**
 * Rolling-upgrade time vs. max_unavailable_worker for 2 and 4 workers on the lab (see upgrade.sh).
 * Prints one line per run and a table at the end; every number is one measured `rke up`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';
import { freshLab, rke, writeClusterYml } from '../test/e2e/harness.js';
import { labDown } from '../lab/src/lab.js';

function arg(name: string, fallback: string): string[] {
  const i = process.argv.indexOf(name);
  return (i === -1 ? fallback : process.argv[i + 1] ?? fallback).split(/\s+/).filter(Boolean);
}

const workerCounts = arg('--workers', '2 4').map(Number);
const maxValues = arg('--max', '1 2 50%');
const rows: { workers: number; max: string; seconds: number; batches: number }[] = [];

for (const workers of workerCounts) {
  const lab = await freshLab(1 + workers);
  const configPath = writeClusterYml(lab, [['etcd', 'controlplane'], ...Array.from({ length: workers }, () => ['worker'] as ('worker')[])]);
  const dir = dirname(configPath);
  const cold = await rke(['up', '--config', configPath], dir);
  if (cold.code !== 0) throw new Error(`cold up with ${workers} workers failed:\n${cold.stderr.slice(-3000)}`);
  const setUpgrade = (maxPods: number, max: string) => {
    const config = parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    const services = (config.services ?? {}) as Record<string, Record<string, unknown>>;
    services.kubelet = { ...(services.kubelet ?? {}), extra_args: { 'max-pods': String(maxPods) } };
    config.services = services;
    config.upgrade_strategy = { max_unavailable_worker: max };
    writeFileSync(configPath, stringify(config));
  };
  // One upgrade that is not measured: the first one after a cold up also waits for the cluster's
  // own pods to settle (the first measured row came out 3x slower than an identical later one).
  setUpgrade(149, maxValues[0]!);
  const warm = await rke(['up', '--config', configPath], dir);
  if (warm.code !== 0) throw new Error(`warm-up upgrade (${workers} workers) failed:\n${warm.stderr.slice(-3000)}`);
  for (const [n, max] of maxValues.entries()) {
    setUpgrade(150 + n, max);
    const planned = await rke(['plan', '--config', configPath, '--output', 'json'], dir);
    const batches = (JSON.parse(planned.stdout).phases as { name: string; batches?: unknown[] }[]).find((p) => p.name === 'worker')?.batches?.length ?? 0;
    const started = Date.now();
    const res = await rke(['up', '--config', configPath], dir);
    const seconds = (Date.now() - started) / 1000;
    if (res.code !== 0) throw new Error(`upgrade (${workers} workers, max ${max}) failed:\n${res.stderr.slice(-3000)}`);
    rows.push({ workers, max, seconds, batches });
    console.log(`workers=${workers} max_unavailable_worker=${max} worker batches=${batches} upgrade ${seconds.toFixed(1)} s`);
  }
  await rke(['remove', '--force', '--config', configPath], dir);
}
await labDown();

console.log('\nworkers | max_unavailable_worker | worker batches | upgrade (s) | vs max=1');
for (const r of rows) {
  const base = rows.find((x) => x.workers === r.workers && x.max === maxValues[0]);
  console.log(`${String(r.workers).padStart(7)} | ${r.max.padStart(22)} | ${String(r.batches).padStart(14)} | ${r.seconds.toFixed(1).padStart(11)} | ${base ? (base.seconds / r.seconds).toFixed(2) : '-'}x`);
}
