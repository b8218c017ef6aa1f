/**
 * Issue 11, on the lab: `rke migrate rke2 --out` on a running RKE1 cluster writes a bundle whose
 * etcd snapshot, restored with etcdutl into RKE2's data directory on the node, serves the original
 * objects through a kube-apiserver started with the bundle's certificates and RKE2-style arguments,
 * and service-account tokens issued before the migration are still accepted there.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabInfo } from '../../lab/src/lab.js';
import { containerIds, freshLab, rke, waitFor, writeClusterYml } from './harness.js';

const run = promisify(execFile);
const NS = 'migrate-e2e';
const ETCD_PORT = 12379;
const PEER_PORT = 12380;
const API_PORT = 16443;
const RKE2 = '/var/lib/rancher/rke2';

let lab: LabInfo;
let configPath: string;
let dir: string;
let bundle: string;
let kc: k8s.KubeConfig;
let boundToken: string;
let legacyToken: string;

/** A command in the lab node's own Docker engine. */
async function onNode(args: string[], timeout = 300_000): Promise<string> {
  const { stdout } = await run('docker', ['exec', lab.nodes[0]!.container, ...args], { timeout, maxBuffer: 64 << 20 });
  return stdout;
}

const imageOf = async (container: string) => (await onNode(['docker', 'inspect', '--format', '{{.Config.Image}}', container])).trim();

/** A client for the trial API server: TLS not pinned (its serving cert is self-made), identity = what is passed. */
function trialClient(user: k8s.User): k8s.KubeConfig {
  const c = new k8s.KubeConfig();
  c.loadFromOptions({
    clusters: [{ name: 'trial', server: `https://${lab.nodes[0]!.address}:${API_PORT}`, skipTLSVerify: true }],
    users: [user],
    contexts: [{ name: 'trial', cluster: 'trial', user: user.name }],
    currentContext: 'trial',
  });
  return c;
}

describe('rke migrate rke2 on a 1-node lab cluster', () => {
  beforeAll(async () => {
    lab = await freshLab(1);
    configPath = writeClusterYml(lab, [['etcd', 'controlplane', 'worker']]);
    dir = dirname(configPath);
    bundle = join(mkdtempSync(join(tmpdir(), 'rke-migrate-')), 'bundle');
  });

  afterAll(async () => {
    if (lab) await onNode(['docker', 'rm', '-f', 'trial-etcd', 'trial-apiserver']).catch(() => undefined);
    if (configPath) await rke(['remove', '--force', '--config', configPath], dir);
  });

  it('builds the RKE1 cluster and stores objects and service-account tokens in it', async () => {
    const up = await rke(['up', '--config', configPath], dir);
    expect(up.stderr).toContain('Finished building Kubernetes cluster successfully');
    kc = new k8s.KubeConfig();
    kc.loadFromFile(join(dir, 'kube_config_cluster.yml'));
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'keep-me' }, data: { answer: '42' } } });
    await core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name: 'migrator' } } });
    const tr = await core.createNamespacedServiceAccountToken({ namespace: NS, name: 'migrator', body: { spec: { expirationSeconds: 3600 } as k8s.V1TokenRequestSpec } });
    boundToken = tr.status!.token;
    await core.createNamespacedSecret({
      namespace: NS,
      body: { metadata: { name: 'migrator-token', annotations: { 'kubernetes.io/service-account.name': 'migrator' } }, type: 'kubernetes.io/service-account-token' },
    });
    legacyToken = await waitFor('the legacy token', async () => {
      const s = await core.readNamespacedSecret({ namespace: NS, name: 'migrator-token' });
      return s.data?.token ? Buffer.from(s.data.token, 'base64').toString('utf8') : undefined;
    });
    const review = await kc.makeApiClient(k8s.AuthenticationV1Api).createTokenReview({ body: { spec: { token: boundToken } } });
    expect(review.status?.authenticated).toBe(true);
  });

  it('assesses every key of the lab cluster.yml (none unknown) and changes nothing on the node', async () => {
    const before = await containerIds(lab.nodes[0]!.container);
    const res = await rke(['migrate', 'rke2', '--config', configPath, '--output', 'json'], dir);
    expect(res.code, res.stderr).toBe(0);
    const assessment = JSON.parse(res.stdout) as { counts: Record<string, number>; items: { key: string; status: string }[] };
    expect(assessment.counts.unknown).toBe(0);
    expect(assessment.items.find((i) => i.key === `live.nodes.${lab.nodes[0]!.name}`)?.status).toBe('carried');
    expect(await containerIds(lab.nodes[0]!.container)).toEqual(before);
  });

  it('writes a complete bundle with a verified snapshot; the node runs the same containers as before', async () => {
    const before = await containerIds(lab.nodes[0]!.container);
    const res = await rke(['migrate', 'rke2', '--config', configPath, '--out', bundle], dir);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('Snapshot verified');
    // the RKE1 containers are the same ones, and no helper container is left behind
    expect(await containerIds(lab.nodes[0]!.container)).toEqual(before);
    const name = lab.nodes[0]!.name;
    for (const f of ['MIGRATION.md', 'assessment.txt', 'cluster-token', 'etcd-snapshot.db', 'etcd-snapshot.json', `nodes/${name}/etc/rancher/rke2/config.yaml`, `nodes/${name}${RKE2}/server/tls/service.key`]) {
      expect(existsSync(join(bundle, f)), f).toBe(true);
    }
    expect(statSync(join(bundle, `nodes/${name}${RKE2}/server/tls/service.key`)).mode & 0o777).toBe(0o600);
    expect(existsSync(`${bundle}.partial`)).toBe(false);
    const info = JSON.parse(readFileSync(join(bundle, 'etcd-snapshot.json'), 'utf8')) as { totalKeys: number; verifiedWith: string };
    expect(info.totalKeys).toBeGreaterThan(0);
    expect(info.verifiedWith).toContain('etcdutl snapshot restore');
  });

  it('restored with etcdutl into RKE2\'s data directory, it serves the original objects and accepts the old tokens', async () => {
    const node = lab.nodes[0]!;
    const etcdImage = await imageOf('etcd');
    const k8sImage = await imageOf('kube-apiserver');
    // runbook step 1 on this node: its tree and the snapshot where the first server restores it
    await run('docker', ['cp', `${join(bundle, 'nodes', node.name)}/.`, `${node.container}:/`]);
    await onNode(['mkdir', '-p', `${RKE2}/server/db/snapshots`]);
    await run('docker', ['cp', join(bundle, 'etcd-snapshot.db'), `${node.container}:${RKE2}/server/db/snapshots/rke1-migration.db`]);
    const peer = `http://127.0.0.1:${PEER_PORT}`;
    await onNode([
      'docker', 'run', '--rm', '-v', `${RKE2}:${RKE2}`, '--entrypoint', '/usr/local/bin/etcdutl', etcdImage,
      'snapshot', 'restore', `${RKE2}/server/db/snapshots/rke1-migration.db`, '--data-dir', `${RKE2}/server/db/etcd`,
      '--name', node.name, '--initial-cluster', `${node.name}=${peer}`, '--initial-advertise-peer-urls', peer,
    ]);
    await onNode([
      'docker', 'run', '-d', '--name', 'trial-etcd', '--network', 'host', '-v', `${RKE2}:${RKE2}`, '--entrypoint', '/usr/local/bin/etcd', etcdImage,
      '--name', node.name, '--data-dir', `${RKE2}/server/db/etcd`,
      '--listen-client-urls', `http://127.0.0.1:${ETCD_PORT}`, '--advertise-client-urls', `http://127.0.0.1:${ETCD_PORT}`,
      '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `${node.name}=${peer}`,
    ]);
    // RKE2's kube-apiserver arguments for the files it keeps under server/tls, plus the bundle's config.yaml args
    const config = parse(readFileSync(join(bundle, 'nodes', node.name, 'etc/rancher/rke2/config.yaml'), 'utf8')) as Record<string, unknown>;
    const tls = `${RKE2}/server/tls`;
    const args = [
      `--secure-port=${API_PORT}`,
      `--etcd-servers=http://127.0.0.1:${ETCD_PORT}`,
      `--client-ca-file=${tls}/client-ca.crt`,
      `--requestheader-client-ca-file=${tls}/request-header-ca.crt`,
      '--requestheader-allowed-names=system:auth-proxy',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-username-headers=X-Remote-User',
      `--service-account-key-file=${tls}/service.key`,
      `--service-account-signing-key-file=${tls}/service.key`,
      `--service-cluster-ip-range=${String(config['service-cidr'])}`,
      '--authorization-mode=Node,RBAC',
      '--anonymous-auth=false',
      '--enable-admission-plugins=NodeRestriction',
      `--cert-dir=${tls}/temporary-certs`,
      ...((config['kube-apiserver-arg'] as string[]) ?? []).map((a) => `--${a}`),
    ];
    expect(args).toContain('--service-account-issuer=rke');
    await onNode(['docker', 'run', '-d', '--name', 'trial-apiserver', '--network', 'host', '-v', `${RKE2}:${RKE2}`, '--entrypoint', 'kube-apiserver', k8sImage, ...args]);

    // The RKE1 admin client certificate (signed by kube-ca = RKE2's client CA) is accepted.
    const admin = kc.getCurrentUser()!;
    const trialAdmin = trialClient({ name: 'kube-admin', certData: admin.certData, keyData: admin.keyData });
    const core = trialAdmin.makeApiClient(k8s.CoreV1Api);
    const cm = await waitFor('the trial kube-apiserver', () => core.readNamespacedConfigMap({ namespace: NS, name: 'keep-me' }));
    expect(cm.data).toEqual({ answer: '42' });
    expect((await core.listNode()).items.map((n) => n.metadata?.name)).toContain(node.name);

    const auth = trialAdmin.makeApiClient(k8s.AuthenticationV1Api);
    for (const token of [boundToken, legacyToken]) {
      const review = await auth.createTokenReview({ body: { spec: { token } } });
      expect(review.status?.authenticated, review.status?.error).toBe(true);
      expect(review.status?.user?.username).toBe(`system:serviceaccount:${NS}:migrator`);
    }
    // and an authenticated request made with the pre-migration token itself
    const asSa = trialClient({ name: 'migrator', token: boundToken });
    const who = await asSa.makeApiClient(k8s.AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(who.status?.userInfo?.username).toBe(`system:serviceaccount:${NS}:migrator`);
    const forged = trialClient({ name: 'forged', token: `${boundToken.slice(0, -4)}AAAA` });
    await expect(forged.makeApiClient(k8s.AuthenticationV1Api).createSelfSubjectReview({ body: {} })).rejects.toThrow();
  });
});
