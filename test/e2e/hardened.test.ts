/**
 * Issue 10 (parts 3 and 4), on the lab: a one-node cluster with `profile: cis`. `rke up` first
 * refuses a host without the etcd account (naming host and fix), then builds the cluster once the
 * host is prepared; PodSecurity rejects a privileged pod; `rke audit` passes; kube-bench (built
 * from its Go module, lab/images/kube-bench) finds no FAIL beyond the listed exceptions and agrees
 * with `rke audit` on every check both perform. Counts are written for docs/security/kube-bench-report.md.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabInfo } from '../../lab/src/lab.js';
import { freshLab, rke, writeClusterYml } from './harness.js';

const run = promisify(execFile);
const ETCD_ID = 52034;
/** FAILs kube-bench may report on this cluster, each with the reason (docs/security/kube-bench-report.md). */
const ACCEPTED_FAILS: Record<string, string> = {
  '4.1.7': 'kube-ca.pem is 644 so that the non-root etcd can read the CA (RKE cert-deployer behaviour with services.etcd.uid/gid)',
};

interface BenchResult {
  test_number: string;
  test_desc: string;
  status: 'PASS' | 'FAIL' | 'WARN' | 'INFO';
  scored: boolean;
  type?: string;
  reason?: string;
}
interface BenchReport {
  Controls: { id: string; tests: { results: BenchResult[] }[] }[];
  Totals: { total_pass: number; total_fail: number; total_warn: number; total_info: number };
}
interface AuditJson {
  passed: boolean;
  counts: Record<string, number>;
  results: { id: string; cis?: string; status: string; detail: string }[];
}

let lab: LabInfo;
let configPath: string;
let dir: string;
let node: string;
let bench: BenchReport;
let audit: AuditJson;

const shell = (script: string) => run('docker', ['exec', node, 'sh', '-c', script]);

async function runKubeBench(): Promise<BenchReport> {
  const script = resolve('lab/images/kube-bench/run-on-node.sh');
  const { stdout } = await run(script, [node], { maxBuffer: 64 << 20, timeout: 900_000 });
  return JSON.parse(stdout) as BenchReport;
}

function benchResults(report: BenchReport): BenchResult[] {
  return report.Controls.flatMap((c) => c.tests.flatMap((t) => t.results));
}

describe('hardened profile (cis) on a one-node lab', () => {
  beforeAll(async () => {
    lab = await freshLab(1);
    configPath = writeClusterYml(lab, [['etcd', 'controlplane', 'worker']]);
    appendFileSync(configPath, 'profile: cis\n');
    dir = dirname(configPath);
    node = lab.nodes[0]!.container;
  });

  afterAll(async () => {
    if (configPath) await rke(['remove', '--force', '--config', configPath], dir);
  });

  it('refuses to start before the host has the etcd account, naming host and fix', async () => {
    const res = await rke(['up', '--config', configPath], dir, 300_000);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`[${lab.nodes[0]!.address}] etcd runs as ${ETCD_ID}:${ETCD_ID} and must own its data as etcd:etcd, found no etcd user`);
    expect(res.stderr).toContain(`useradd -r -u ${ETCD_ID}`);
    // nothing was started on the host
    const { stdout } = await shell('docker ps -a --format "{{.Names}}"');
    expect(stdout).not.toMatch(/kube-apiserver|etcd/);
  });

  it('comes up Ready with the profile once the host is prepared', async () => {
    await shell(`groupadd -g ${ETCD_ID} etcd && useradd -r -u ${ETCD_ID} -g ${ETCD_ID} -s /sbin/nologin -M etcd`);
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.stderr).toContain(`Hosts meet the requirements of profile [cis]`);
    expect(res.stderr).toContain('does not enforce NetworkPolicy');
    expect(res.stderr).toContain('Finished building Kubernetes cluster successfully');
    expect(res.code).toBe(0);
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(join(dir, 'kube_config_cluster.yml'));
    const nodes = await kc.makeApiClient(k8s.CoreV1Api).listNode();
    expect(nodes.items.map((n) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status)).toEqual(['True']);
    // etcd runs as the etcd user and owns its data directory, mode 700
    const { stdout } = await shell('docker inspect -f "{{.Config.User}}" etcd; stat -c "%U:%G %a" /var/lib/etcd');
    expect(stdout.trim().split('\n')).toEqual([`${ETCD_ID}:${ETCD_ID}`, 'etcd:etcd 700']);
  });

  it('PodSecurity rejects a privileged pod in the default namespace and admits a restricted one', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(join(dir, 'kube_config_cluster.yml'));
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const pod = (name: string, securityContext: k8s.V1SecurityContext, podSecurity: k8s.V1PodSecurityContext = {}): k8s.V1Pod => ({
      metadata: { name },
      spec: { securityContext: podSecurity, containers: [{ name: 'c', image: 'rancher/mirrored-pause:3.7', securityContext }] },
    });
    const denied = await core
      .createNamespacedPod({ namespace: 'default', body: pod('privileged', { privileged: true }) })
      .then(() => undefined, (err: unknown) => err as { code?: number; body?: string });
    expect(denied?.code).toBe(403);
    const message = (JSON.parse(String(denied?.body)) as { message?: string }).message ?? '';
    expect(message).toContain('violates PodSecurity "restricted:latest"');
    expect(message).toContain('must not set securityContext.privileged=true');
    const admitted = await core.createNamespacedPod({
      namespace: 'default',
      dryRun: 'All',
      body: pod(
        'restricted',
        { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        { runAsNonRoot: true, runAsUser: 65535, seccompProfile: { type: 'RuntimeDefault' } },
      ),
    });
    expect(admitted.metadata?.name).toBe('restricted');
  });

  it('rke audit passes every check, as a table and as JSON', async () => {
    const text = await rke(['audit', '--config', configPath], dir, 300_000);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^NODE\s+CHECK\s+STATUS\s+TITLE\s+DETAIL/);
    expect(text.stdout).toMatch(/audit \(profile cis\): \d+ pass, 0 fail/);
    const json = await rke(['audit', '--config', configPath, '--output', 'json'], dir, 300_000);
    expect(json.code).toBe(0);
    audit = JSON.parse(json.stdout) as AuditJson;
    expect(audit.passed).toBe(true);
    expect(audit.results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(audit.results.find((r) => r.id === 'RKE-PSA')?.status).toBe('pass');
    expect(audit.results.find((r) => r.id === 'RKE-KERNEL')?.status).toBe('pass');
  });

  it('kube-bench (rke-cis-1.7) finds no FAIL beyond the listed exceptions', async () => {
    bench = await runKubeBench();
    const fails = benchResults(bench).filter((r) => r.status === 'FAIL');
    const unexplained = fails.filter((r) => !ACCEPTED_FAILS[r.test_number]);
    expect(unexplained.map((r) => `${r.test_number} ${r.test_desc}: ${r.reason ?? ''}`)).toEqual([]);
    const out = resolve(process.env.KUBE_BENCH_OUT ?? '.cache/kube-bench');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'hardened.json'), JSON.stringify(bench, null, 2));
    process.stderr.write(`kube-bench hardened: ${JSON.stringify(bench.Totals)}; FAIL: ${fails.map((f) => f.test_number).join(', ') || 'none'}\n`);
    expect(bench.Totals.total_pass).toBeGreaterThan(40);
  });

  it('rke audit agrees with kube-bench on every check both perform', () => {
    expect(bench && audit).toBeTruthy();
    const benchByNumber = new Map(benchResults(bench).map((r) => [r.test_number, r]));
    const compared: string[] = [];
    const disagreements: string[] = [];
    for (const ours of audit.results) {
      const theirs = ours.cis ? benchByNumber.get(ours.cis) : undefined;
      // kube-bench performs a check when it runs its audit command: not `skip` (INFO) nor `manual`.
      if (!theirs || theirs.status === 'INFO' || theirs.type === 'manual') continue;
      compared.push(ours.id);
      if ((ours.status === 'pass') !== (theirs.status === 'PASS')) {
        disagreements.push(`${ours.id}: rke audit ${ours.status} (${ours.detail}), kube-bench ${theirs.status}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(compared.length).toBeGreaterThan(40);
    writeFileSync(resolve(process.env.KUBE_BENCH_OUT ?? '.cache/kube-bench', 'compared.txt'), `${compared.join('\n')}\n`);
  });

  it('keeps the report readable from the committed doc', () => {
    const doc = readFileSync(resolve('docs/security/kube-bench-report.md'), 'utf8');
    for (const id of Object.keys(ACCEPTED_FAILS)) expect(doc).toContain(id);
  });
});
