/**
 * Issue 9, on the lab: etcd snapshots proven by restoring real data, on one 3-member etcd cluster
 * (node 1 etcd+controlplane+worker, nodes 2-3 etcd+worker):
 *   - recurring snapshots (backup_config, interval shortened by the lab-only RKE_TS_LAB_HOUR hook)
 *     appear and retention deletes the oldest;
 *   - snapshot-save writes the RKE1 archive (db + state) on every etcd host;
 *   - a truncated copy, or a copy missing on a host, is refused before any member is stopped;
 *   - local restore on 3 members brings a deleted namespace/ConfigMap/Deployment back, nodes Ready;
 *   - S3 (TLS, custom CA) save, then restore from S3 with the local state file and local copies gone.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY } from '../../lab/src/layout.js';
import type { LabInfo } from '../../lab/src/lab.js';
import { readSnapshotArchive } from '../../src/etcd/index.js';
import { freshLab, nodeExec, nodeFile, rke, startS3Server, waitFor, writeClusterYml, type S3Server } from './harness.js';

const SNAP_DIR = '/opt/rke/etcd-snapshots';
const NS = 'snap-e2e';
let lab: LabInfo;
let configPath: string;
let dir: string;
let s3: S3Server | undefined;

function kube() {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(join(dir, 'kube_config_cluster.yml'));
  return { core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api) };
}

const node = (i: number) => lab.nodes[i]!;
const files = async (i: number) => (await nodeExec(node(i).container, `ls -1 ${SNAP_DIR} 2>/dev/null || true`)).split('\n').filter(Boolean);
const etcdStarted = async (i: number) => (await nodeExec(node(i).container, "docker inspect -f '{{.State.Running}} {{.State.StartedAt}}' etcd")).trim();

async function createData(): Promise<void> {
  const { core, apps } = kube();
  await core.createNamespace({ body: { metadata: { name: NS } } });
  await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'keep-me' }, data: { answer: '42' } } });
  const labels = { app: 'sleeper' };
  const pause = (await nodeExec(node(0).container, "docker images --format '{{.Repository}}:{{.Tag}}' | grep -m1 pause")).trim();
  await apps.createNamespacedDeployment({
    namespace: NS,
    body: {
      metadata: { name: 'sleeper' },
      spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'pause', image: pause }] } } },
    },
  });
  await waitFor('the sleeper pod to run', async () => {
    const pods = await kube().core.listNamespacedPod({ namespace: NS });
    return pods.items.some((p) => p.status?.phase === 'Running') ? true : undefined;
  });
}

/**
 * Deletes the ConfigMap, the Deployment and the namespace. The data counts as deleted once the
 * ConfigMap and Deployment are gone and the namespace is gone or Terminating: the namespace
 * controller finishes only when every aggregated API answers discovery, which on a loaded lab can
 * take minutes (metrics.k8s.io) and is not what these tests are about.
 */
async function deleteData(): Promise<void> {
  const { core, apps } = kube();
  await apps.deleteNamespacedDeployment({ name: 'sleeper', namespace: NS });
  await core.deleteNamespacedConfigMap({ name: 'keep-me', namespace: NS });
  await core.deleteNamespace({ name: NS });
  const gone = (p: Promise<unknown>) => p.then(() => false, (err: { code?: number }) => (err.code === 404 ? true : Promise.reject(err)));
  await waitFor('the ConfigMap, the Deployment and the namespace to be deleted', async () => {
    const { core: c, apps: a } = kube();
    if (!(await gone(c.readNamespacedConfigMap({ name: 'keep-me', namespace: NS })))) throw new Error('the ConfigMap is still there');
    if (!(await gone(a.readNamespacedDeployment({ name: 'sleeper', namespace: NS })))) throw new Error('the Deployment is still there');
    const ns = await c.readNamespace({ name: NS }).catch((err: { code?: number }) => (err.code === 404 ? undefined : Promise.reject(err)));
    if (ns && ns.status?.phase !== 'Terminating') throw new Error(`namespace ${NS} is ${ns.status?.phase}`);
    return true;
  });
}

async function expectDataBackAndNodesReady(): Promise<void> {
  const cm = await waitFor('the ConfigMap', () => kube().core.readNamespacedConfigMap({ name: 'keep-me', namespace: NS }), 120_000);
  expect(cm.data).toEqual({ answer: '42' });
  expect((await kube().core.readNamespace({ name: NS })).status?.phase).toBe('Active');
  const nodes = await kube().core.listNode();
  expect(nodes.items.map((n) => n.metadata?.name).sort()).toEqual(lab.nodes.map((n) => n.name).sort());
  for (const n of nodes.items) expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status, n.metadata?.name).toBe('True');
  await waitFor('the restored deployment to run a pod', async () => {
    const pods = await kube().core.listNamespacedPod({ namespace: NS });
    return pods.items.some((p) => p.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.ready)) ? true : undefined;
  });
  // the etcd container carries its client certificate in ETCDCTL_* (as RKE1 sets it); flags would conflict
  const members = await nodeExec(node(0).container, 'docker exec etcd etcdctl member list');
  expect(members.trim().split('\n').filter((l) => l.includes('started'))).toHaveLength(3);
}

const s3Flags = () => ['--s3', '--s3-endpoint', s3!.endpoint, '--s3-endpoint-ca', s3!.caFile, '--access-key', s3!.accessKey, '--secret-key', s3!.secretKey, '--bucket-name', s3!.bucket, '--folder', 'lab'];

describe('etcd snapshots on a 3-member etcd cluster', () => {
  beforeAll(async () => {
    lab = await freshLab(3);
    configPath = writeClusterYml(lab, [['etcd', 'controlplane', 'worker'], ['etcd', 'worker'], ['etcd', 'worker']]);
    dir = dirname(configPath);
    const doc = parse(readFileSync(configPath, 'utf8')) as { services: Record<string, unknown> };
    // interval_hours 1 / retention 2 are RKE1 settings; RKE_TS_LAB_HOUR (a lab rke-tools test hook)
    // makes an hour last 15 s, so a snapshot comes every 15 s and is kept for 30 s.
    doc.services.etcd = { extra_env: ['RKE_TS_LAB_HOUR=15s'], backup_config: { interval_hours: 1, retention: 2 } };
    writeFileSync(configPath, stringify(doc));
    s3 = await startS3Server({ gateway: GATEWAY, port: 9443, bucket: 'rke-snapshots' });
  });

  afterAll(async () => {
    await s3?.stop();
    if (configPath) await rke(['remove', '--force', '--config', configPath], dir);
  });

  it('brings the cluster up with recurring snapshots; they appear every interval and retention deletes the oldest', async () => {
    const res = await rke(['up', '--config', configPath], dir);
    expect(res.stderr).toContain('Finished building Kubernetes cluster successfully');
    expect(res.code).toBe(0);
    const rolling = (names: string[]) => names.filter((f) => /_etcd\.zip$/.test(f)).sort();
    const seen = new Set<string>();
    const first = await waitFor('a first recurring snapshot', async () => rolling(await files(0))[0], 120_000);
    await waitFor('four recurring snapshots and the first one expired', async () => {
      const now = rolling(await files(0));
      now.forEach((f) => seen.add(f));
      return seen.size >= 4 && !now.includes(first) ? now : undefined;
    }, 180_000);
    const now = rolling(await files(0));
    // retention 30 s at one per 15 s: never more than three on disk
    expect(now.length).toBeLessThanOrEqual(3);
    const archive = readSnapshotArchive(now.at(-1)!.replace(/\.zip$/, ''), await nodeFile(node(0).container, `${SNAP_DIR}/${now.at(-1)}`));
    expect(archive.state).toContain('"desiredState"');
  });

  it('saves a named snapshot as an RKE1 archive (db + state) on every etcd host and lists it', async () => {
    await createData();
    const res = await rke(['etcd', 'snapshot-save', '--config', configPath, '--name', 'local1'], dir);
    expect(res.stderr).toContain('Finished saving/uploading snapshot [local1] on all etcd hosts');
    expect(res.code).toBe(0);
    for (let i = 0; i < 3; i++) {
      const a = readSnapshotArchive('local1', await nodeFile(node(i).container, `${SNAP_DIR}/local1.zip`));
      expect(JSON.parse(a.state!).desiredState.certificatesBundle['kube-ca']).toBeDefined();
      expect(await files(i)).not.toContain('local1');
    }
    const list = await rke(['etcd', 'snapshot-list', '--config', configPath, '--output', 'json'], dir);
    expect(list.code).toBe(0);
    const hosts = JSON.parse(list.stdout) as { host: string; snapshots: { name: string; kind: string }[] }[];
    expect(hosts.map((h) => h.host).sort()).toEqual(lab.nodes.map((n) => n.address).sort());
    for (const h of hosts) expect(h.snapshots).toContainEqual(expect.objectContaining({ name: 'local1', kind: 'archive' }));
  });

  it('saves to S3 through TLS with a custom CA', async () => {
    const res = await rke(['etcd', 'snapshot-save', '--config', configPath, '--name', 's3snap', ...s3Flags()], dir);
    expect(res.stderr).toContain('Finished uploading etcd snapshot file to s3 on all etcd hosts');
    expect(res.code).toBe(0);
    expect(await s3!.keys()).toContain('lab/s3snap.zip');
  });

  it('refuses a truncated snapshot and one missing on a host, naming the host, before stopping any etcd member', async () => {
    const save = await rke(['etcd', 'snapshot-save', '--config', configPath, '--name', 'broken'], dir);
    expect(save.code).toBe(0);
    const before = await Promise.all([0, 1, 2].map(etcdStarted));
    await nodeExec(node(1).container, `f=${SNAP_DIR}/broken.zip; head -c $(( $(stat -c %s $f) / 2 )) $f > $f.cut && mv $f.cut $f`);
    const truncated = await rke(['etcd', 'snapshot-restore', '--config', configPath, '--name', 'broken'], dir);
    expect(truncated.code).not.toBe(0);
    expect(truncated.stderr).toMatch(new RegExp(`refusing to restore snapshot \\[broken\\]: snapshot file \\[${SNAP_DIR}/broken\\.zip\\] on host \\[${node(1).address}\\].*truncated`));
    await nodeExec(node(2).container, `rm ${SNAP_DIR}/broken.zip`);
    const missing = await rke(['etcd', 'snapshot-restore', '--config', configPath, '--name', 'broken'], dir);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(`snapshot [broken] is missing on etcd host(s) [${node(2).address}]`);
    expect(await Promise.all([0, 1, 2].map(etcdStarted))).toEqual(before);
    expect(before.every((b) => b.startsWith('true '))).toBe(true);
    const removed = await rke(['etcd', 'snapshot-remove', '--config', configPath, '--name', 'broken'], dir);
    expect(removed.code).toBe(0);
    for (let i = 0; i < 3; i++) expect(await files(i)).not.toContain('broken.zip');
  });

  it('restores the local snapshot on all three members: deleted data is back and every node is Ready', async () => {
    await deleteData();
    const res = await rke(['etcd', 'snapshot-restore', '--config', configPath, '--name', 'local1'], dir);
    expect(res.stderr).toContain('Finished restoring snapshot [local1] on all etcd hosts');
    expect(res.code).toBe(0);
    await expectDataBackAndNodesReady();
  });

  it('restores from S3 with the local state file and the local copies deleted (state comes from the archive)', async () => {
    await deleteData();
    const statePath = join(dir, 'cluster.rkestate');
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    rmSync(statePath);
    for (let i = 0; i < 3; i++) await nodeExec(node(i).container, `rm -f ${SNAP_DIR}/s3snap.zip ${SNAP_DIR}/s3snap`);
    const res = await rke(['etcd', 'snapshot-restore', '--config', configPath, '--name', 's3snap', ...s3Flags()], dir);
    expect(res.stderr).toContain('State file is successfully extracted from snapshot [s3snap]');
    expect(res.stderr).toContain('Finished restoring snapshot [s3snap] on all etcd hosts');
    expect(res.code).toBe(0);
    expect(existsSync(statePath)).toBe(true);
    const restored = JSON.parse(readFileSync(statePath, 'utf8'));
    expect(restored.desiredState.certificatesBundle['kube-ca'].certificatePEM).toBe(state.desiredState.certificatesBundle['kube-ca'].certificatePEM);
    await expectDataBackAndNodesReady();
  });
});
