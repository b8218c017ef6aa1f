/**
 * Issue 10 (parts 1-2), on one lab cluster (node 1 etcd+controlplane+worker, node 2 worker) with
 * secrets encryption on: `rke encrypt rotate-key` re-encrypts Secrets with a new key (checked on
 * the raw etcd value), `rke cert rotate` and `rke cert rotate --rotate-ca` leave a working cluster
 * whose new serving certificate the old CA no longer validates. Turning encryption off and on again
 * rewrites every Secret, and a run killed during that rewrite leaves it to the next run.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { connect } from 'node:tls';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabInfo } from '../../lab/src/lab.js';
import { editClusterYml, expectNothingPlanned, freshLab, rke, rkeKilledAt, writeClusterYml } from './harness.js';

const run = promisify(execFile);
let lab: LabInfo;
let configPath: string;
let dir: string;

const SECRET = { namespace: 'default', name: 'rotate-e2e', value: 'plaintext-marker-7f3a9c' };

interface StateFile {
  desiredState: { certificatesBundle: Record<string, { certificatePEM: string; keyPEM: string }>; encryptionConfig?: string };
  currentState: { certificatesBundle: Record<string, { certificatePEM: string; keyPEM: string }>; encryptionConfig?: string };
}
const state = (): StateFile => JSON.parse(readFileSync(join(dir, 'cluster.rkestate'), 'utf8')) as StateFile;
const activeKeyName = (providerFile: string | undefined): string =>
  (parse(providerFile ?? '') as { resources: { providers: { aescbc: { keys: { name: string }[] } }[] }[] }).resources[0]!.providers[0]!.aescbc.keys[0]!.name;

function core(): k8s.CoreV1Api {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(join(dir, 'kube_config_cluster.yml'));
  return kc.makeApiClient(k8s.CoreV1Api);
}

async function allNodesReady(): Promise<string[]> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      const nodes = await core().listNode();
      const ready = nodes.items.filter((n) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True');
      if (nodes.items.length === lab.nodes.length && ready.length === nodes.items.length) return nodes.items.map((n) => n.metadata!.name!).sort();
    } catch {
      // the API may be restarting
    }
    if (Date.now() > deadline) throw new Error('nodes not all Ready within 5 minutes');
    await new Promise((r) => setTimeout(r, 3000));
  }
}

/** The Secret's value as stored in etcd, read with etcdctl inside the etcd container of node 1 (its own certs). */
async function rawEtcdValue(namespace: string, name: string): Promise<Buffer> {
  const { stdout } = await run('docker', [
    'exec', lab.nodes[0]!.container, 'docker', 'exec', 'etcd', 'etcdctl', 'get', `/registry/secrets/${namespace}/${name}`, '-w', 'json',
  ]);
  const kv = (JSON.parse(stdout) as { kvs?: { value: string }[] }).kvs?.[0];
  if (!kv) throw new Error(`no etcd key for secret ${namespace}/${name}`);
  return Buffer.from(kv.value, 'base64');
}

/** The certificate kube-apiserver on node 1 serves now (no verification: we look at it). */
function servingCert(): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: lab.nodes[0]!.address, port: 6443, rejectUnauthorized: false }, () => {
      const raw = socket.getPeerCertificate(false).raw;
      socket.end();
      resolve(new X509Certificate(raw));
    });
    socket.on('error', reject);
  });
}

describe('secrets encryption and certificate rotation on a live lab cluster', () => {
  beforeAll(async () => {
    lab = await freshLab(2);
    configPath = writeClusterYml(lab, [['etcd', 'controlplane', 'worker'], ['worker']]);
    dir = dirname(configPath);
    const yml = parse(readFileSync(configPath, 'utf8')) as Record<string, unknown> & { services?: Record<string, Record<string, unknown>> };
    yml.services = { ...(yml.services ?? {}), 'kube-api': { ...(yml.services?.['kube-api'] ?? {}), secrets_encryption_config: { enabled: true } } };
    writeFileSync(configPath, stringify(yml));
  });

  afterAll(async () => {
    if (configPath) await rke(['remove', '--force', '--config', configPath], dir);
  });

  it('rke up with secrets_encryption_config: Secrets are stored encrypted with the generated key', async () => {
    let res = await rke(['up', '--config', configPath], dir);
    if (res.code !== 0) {
      // a cold up on a loaded machine can time out on an addon job; up is idempotent, as users re-run it
      process.stderr.write(`first rke up failed, running it again:\n${res.stderr.slice(-2000)}\n`);
      res = await rke(['up', '--config', configPath], dir);
    }
    expect(res.stderr).toContain('Finished building Kubernetes cluster successfully');
    expect(res.code).toBe(0);
    expect(await allNodesReady()).toEqual(lab.nodes.map((n) => n.name).sort());
    const key = activeKeyName(state().currentState.encryptionConfig);
    expect(key).toMatch(/^k-[a-z0-9]{5}$/);
    await core().createNamespacedSecret({
      namespace: SECRET.namespace,
      body: { metadata: { name: SECRET.name }, stringData: { token: SECRET.value } },
    });
    const raw = await rawEtcdValue(SECRET.namespace, SECRET.name);
    expect(raw.subarray(0, 40).toString('latin1')).toContain(`k8s:enc:aescbc:v1:${key}:`);
    expect(raw.includes(SECRET.value)).toBe(false);
  });

  it('rke encrypt rotate-key: every Secret re-written with the new key, still readable through the API', async () => {
    const before = activeKeyName(state().currentState.encryptionConfig);
    const res = await rke(['encrypt', 'rotate-key', '--config', configPath], dir);
    expect(res.stderr).toContain('Cluster secrets encryption key rotated successfully');
    expect(res.code).toBe(0);
    const after = activeKeyName(state().currentState.encryptionConfig);
    expect(after).not.toBe(before);
    // the old key is gone from the provider file on the node
    const { stdout: file } = await run('docker', ['exec', lab.nodes[0]!.container, 'cat', '/etc/kubernetes/ssl/encryption.yaml']);
    expect(file).toContain(after);
    expect(file).not.toContain(before);
    const raw = await rawEtcdValue(SECRET.namespace, SECRET.name);
    expect(raw.subarray(0, 40).toString('latin1')).toContain(`k8s:enc:aescbc:v1:${after}:`);
    expect(raw.includes(SECRET.value)).toBe(false);
    // a system Secret was rewritten as well (every Secret, not only ours)
    const system = (await core().listNamespacedSecret({ namespace: 'kube-system' })).items[0];
    if (system) {
      const rawSystem = await rawEtcdValue('kube-system', system.metadata!.name!);
      expect(rawSystem.subarray(0, 40).toString('latin1')).toContain(`k8s:enc:aescbc:v1:${after}:`);
    }
    const read = await core().readNamespacedSecret({ namespace: SECRET.namespace, name: SECRET.name });
    expect(Buffer.from(read.data!.token!, 'base64').toString()).toBe(SECRET.value);
  });

  it('rotate_encryption_key: true in cluster.yml: rke up rotates the key the same way', async () => {
    const before = activeKeyName(state().currentState.encryptionConfig);
    editClusterYml(configPath, (c) => {
      c.rotate_encryption_key = true;
    });
    const res = await rke(['up', '--config', configPath], dir);
    editClusterYml(configPath, (c) => {
      delete c.rotate_encryption_key;
    });
    expect(res.code, res.stderr.slice(-3000)).toBe(0);
    expect(res.stderr).toContain('Cluster secrets encryption key rotated successfully');
    const after = activeKeyName(state().currentState.encryptionConfig);
    expect(after).not.toBe(before);
    const raw = await rawEtcdValue(SECRET.namespace, SECRET.name);
    expect(raw.subarray(0, 40).toString('latin1')).toContain(`k8s:enc:aescbc:v1:${after}:`);
    const read = await core().readNamespacedSecret({ namespace: SECRET.namespace, name: SECRET.name });
    expect(Buffer.from(read.data!.token!, 'base64').toString()).toBe(SECRET.value);
  });

  it('rke cert rotate: new service certificates from the same CA, cluster keeps working', async () => {
    const before = state().currentState.certificatesBundle;
    const res = await rke(['cert', 'rotate', '--config', configPath], dir);
    expect(res.stderr).toContain('Finished building Kubernetes cluster successfully');
    expect(res.code).toBe(0);
    const after = state().currentState.certificatesBundle;
    expect(after['kube-ca']!.certificatePEM).toBe(before['kube-ca']!.certificatePEM);
    for (const name of ['kube-apiserver', 'kube-node', 'kube-proxy', 'kube-admin', `kube-etcd-${lab.nodes[0]!.address.replaceAll('.', '-')}`]) {
      expect(after[name]!.keyPEM, name).not.toBe(before[name]!.keyPEM);
    }
    expect(after['kube-service-account-token']!.keyPEM).toBe(before['kube-service-account-token']!.keyPEM);
    expect(await allNodesReady()).toHaveLength(lab.nodes.length);
    const serving = await servingCert();
    expect(serving.fingerprint256).toBe(new X509Certificate(after['kube-apiserver']!.certificatePEM).fingerprint256);
    expect(serving.verify(new X509Certificate(after['kube-ca']!.certificatePEM).publicKey)).toBe(true);
  });

  it('rke cert rotate --rotate-ca: new CA; the old CA no longer validates the new serving certificate', async () => {
    const before = state().currentState.certificatesBundle;
    const oldCa = new X509Certificate(before['kube-ca']!.certificatePEM);
    const res = await rke(['cert', 'rotate', '--rotate-ca', '--config', configPath], dir);
    expect(res.stderr).toContain('Finished building Kubernetes cluster successfully');
    expect(res.code).toBe(0);
    const after = state().currentState.certificatesBundle;
    const newCa = new X509Certificate(after['kube-ca']!.certificatePEM);
    expect(newCa.fingerprint256).not.toBe(oldCa.fingerprint256);
    expect(after['kube-service-account-token']!.keyPEM).toBe(before['kube-service-account-token']!.keyPEM);
    // the new kubeconfig trusts only the new CA, and it works
    expect(readFileSync(join(dir, 'kube_config_cluster.yml'), 'utf8')).toContain(Buffer.from(after['kube-ca']!.certificatePEM).toString('base64'));
    expect(await allNodesReady()).toEqual(lab.nodes.map((n) => n.name).sort());
    const serving = await servingCert();
    expect(serving.verify(newCa.publicKey)).toBe(true);
    expect(serving.verify(oldCa.publicKey)).toBe(false);
    expect(serving.checkIssued(oldCa)).toBe(false);
    // Secrets (service-account tokens included) still read: the SA key and the encryption key were kept
    const read = await core().readNamespacedSecret({ namespace: SECRET.namespace, name: SECRET.name });
    expect(Buffer.from(read.data!.token!, 'base64').toString()).toBe(SECRET.value);
    // system pods were recreated so that they trust the new CA; DNS comes back
    expect(res.stderr).toContain('Restarting network, ingress, and metrics pods');
    const deadline = Date.now() + 300_000;
    for (;;) {
      const pods = await core().listNamespacedPod({ namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns' });
      if (pods.items.length > 0 && pods.items.every((p) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True')) break;
      if (Date.now() > deadline) throw new Error('coredns not Ready after CA rotation');
      await new Promise((r) => setTimeout(r, 3000));
    }
  });

  it('turning secrets encryption off rewrites every Secret in plaintext (all still readable); turning it on again encrypts them, even when that run is killed mid-rewrite', async () => {
    const setEncryption = (enabled: boolean) =>
      editClusterYml(configPath, (c) => {
        const services = c.services as Record<string, Record<string, unknown>>;
        services['kube-api'] = { ...services['kube-api'], secrets_encryption_config: { enabled } };
      });
    const readsBack = async (name: string, value: string) => {
      const read = await core().readNamespacedSecret({ namespace: SECRET.namespace, name });
      expect(Buffer.from(read.data!.token!, 'base64').toString()).toBe(value);
    };
    const systemSecret = (await core().listNamespacedSecret({ namespace: 'kube-system' })).items[0]?.metadata?.name;

    setEncryption(false);
    const off = await rke(['up', '--config', configPath], dir);
    expect(off.code, off.stderr.slice(-3000)).toBe(0);
    expect(off.stderr).toContain('Secrets Encryption is disabled successfully');
    expect(state().currentState.encryptionConfig).toBeUndefined();
    const { stdout: args } = await run('docker', ['exec', lab.nodes[0]!.container, 'docker', 'inspect', '-f', '{{json .Args}}', 'kube-apiserver']);
    expect(args).not.toContain('--encryption-provider-config');
    const plain = await rawEtcdValue(SECRET.namespace, SECRET.name);
    expect(plain.subarray(0, 4).toString('latin1')).toBe('k8s\0');
    expect(plain.includes(SECRET.value)).toBe(true);
    if (systemSecret) expect((await rawEtcdValue('kube-system', systemSecret)).subarray(0, 4).toString('latin1')).toBe('k8s\0');
    await readsBack(SECRET.name, SECRET.value);
    const later = { name: 'written-while-off', value: 'second-marker-41d2' };
    await core().createNamespacedSecret({ namespace: SECRET.namespace, body: { metadata: { name: later.name }, stringData: { token: later.value } } });

    setEncryption(true);
    // Killed once the Secret rewrite has begun: encryption is on in the state, the Secrets are not all
    // rewritten; the next run must finish the rewrite although applied and desired encryption agree.
    const killed = await rkeKilledAt(['up', '--config', configPath], dir, /Rewriting cluster secrets/);
    expect(killed.killed, killed.stderr.slice(-3000)).toBe(true);
    expect(state().currentState.encryptionConfig).toBeDefined();
    expect(existsSync(join(dir, 'cluster.rke-rewrite-pending'))).toBe(true);
    const on = await rke(['up', '--config', configPath], dir);
    expect(on.code, on.stderr.slice(-3000)).toBe(0);
    expect(on.stderr).toMatch(/a previous run stopped before it rewrote every Secret \(Secrets encryption enabled\): rewriting every Secret/);
    expect(existsSync(join(dir, 'cluster.rke-rewrite-pending'))).toBe(false);
    const key = activeKeyName(state().currentState.encryptionConfig);
    for (const [name, value] of [[SECRET.name, SECRET.value], [later.name, later.value]] as const) {
      const raw = await rawEtcdValue(SECRET.namespace, name);
      expect(raw.subarray(0, 40).toString('latin1')).toContain(`k8s:enc:aescbc:v1:${key}:`);
      expect(raw.includes(value)).toBe(false);
      await readsBack(name, value);
    }
    await expectNothingPlanned(configPath, dir, on.stderr);
  });
});
