/**
 * `rke plan` cost for large clusters, without hosts: desired state + diff against a converged
 * observation, for N simulated nodes (default 10 100 1000). Prints milliseconds and the ratio to
 * the smallest size measured in the same run. Goal (issue 7): 1000 hosts under 1 s.
 *   bench/plan.sh [sizes...]
 */
import { buildDesiredCluster, certPath, fileDeployerOnDisk, keyPath, md5Hex, type DesiredHost } from '../src/desired/index.js';
import type { DesiredConfigInput } from '../src/desired/input.js';
import type { ObservedCluster, ReachableHost } from '../src/observe/types.js';
import { planCluster } from '../src/plan/plan-cluster.js';
import { planSteps } from '../src/plan/types.js';
import { loadVersionTable, serviceOptionsFor } from '../src/versions/index.js';

const table = loadVersionTable({ env: {} });
const version = { ...table.versions[table.defaultVersion]!, serviceOptions: serviceOptionsFor(table, table.defaultVersion) };
const facts = { dockerRootDir: '/var/lib/docker', architecture: 'x86_64', selinuxEnabled: false, operatingSystem: 'Debian GNU/Linux 12' };

function config(n: number): DesiredConfigInput {
  return {
    nodes: Array.from({ length: n }, (_, i) => ({
      address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      user: 'rke',
      role: i < 3 ? ['etcd', 'controlplane'] : ['worker'],
    })),
  } as DesiredConfigInput;
}

const certFiles = (h: DesiredHost, name: string) => [certPath(name), keyPath(name)];

function converged(h: DesiredHost): ReachableHost {
  const containers: ReachableHost['containers'] = {};
  const imageEnv: ReachableHost['imageEnv'] = {};
  for (const s of Object.values(h.containers)) {
    imageEnv[s.image] = [];
    containers[s.name] = {
      Id: s.name,
      Config: { Image: s.image, Entrypoint: s.entrypoint, Cmd: s.cmd, Env: s.env },
      HostConfig: { Binds: s.binds, SecurityOpt: s.securityOpt },
      State: { Running: s.start, Restarting: false, Status: 'running' },
    };
  }
  const files: Record<string, string> = {};
  for (const c of h.certificates) for (const f of certFiles(h, c)) files[f] = 'x';
  for (const f of h.files) files[f.hostPath] = md5Hex(fileDeployerOnDisk(f.content));
  return { address: h.address, reachable: true, facts: { ...facts, dockerVersion: '24.0.9' }, containers, imageEnv, files };
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const results: { n: number; ms: number }[] = [];
for (const n of sizes.length ? sizes : [10, 100, 1000]) {
  const cfg = config(n);
  const nodeFacts = Object.fromEntries((cfg.nodes ?? []).map((x) => [x.address, facts]));
  const started = performance.now();
  const desired = buildDesiredCluster({ config: cfg, version, nodeFacts });
  const observed: ObservedCluster = { hosts: Object.fromEntries(desired.hosts.map((h) => [h.address, converged(h)])) };
  const plan = planCluster({
    desired, observed, certificateFiles: certFiles, changedCertificates: [], removedHosts: [],
    addonChanges: [], nodeMeta: [], stateChanged: false, stateFile: 'cluster.rkestate',
  });
  const ms = performance.now() - started;
  if (planSteps(plan).length !== 0) throw new Error(`converged cluster of ${n} planned ${planSteps(plan).length} steps`);
  results.push({ n, ms });
}
const base = results[0]!;
for (const r of results) {
  console.log(`plan ${String(r.n).padStart(5)} hosts: ${r.ms.toFixed(0).padStart(6)} ms  (${(r.ms / base.ms).toFixed(1)}x the ${base.n}-host time, ${(r.ms / r.n).toFixed(2)} ms/host)`);
}
