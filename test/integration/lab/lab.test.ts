/**
 * The lab, for real: nodes reachable over SSH with the generated key, their Docker engines, every
 * system image runnable inside a node (pulled through the lab registry), a hand-made 3-member TLS
 * etcd cluster across three nodes, a kube-apiserver from the lab's hyperkube image on top of it, and
 * `lab down` leaving nothing behind. Needs `scripts/lab prepare` (scripts/test runs it first).
 */
import { execFile, execFileSync } from 'node:child_process';
import https from 'node:https';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_ID, LAB_LABEL, NETWORK_NAME, nodeAddress, nodeContainer } from '../../../lab/src/layout.js';
import { labDown, labUp, type LabInfo } from '../../../lab/src/lab.js';
import { NodeShell } from './ssh.js';
import { TestPki } from './pki.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const TEST_DIR = '/etc/lab-test';
/** Version-table keys whose images the lab builds (lab/README.md, Images). */
const BUILT_KEYS = ['kubernetes', 'etcd', 'podInfraContainer', 'coredns', 'flannel', 'flannelCni', 'metricsServer', 'certDownloader'];

/** The version table's image names for the lab's Kubernetes version (lab/images/system-images.mjs). */
function systemImages(): Map<string, string> {
  const out = execFileSync('node', [path.join(ROOT, 'lab/images/system-images.mjs')], { encoding: 'utf8' });
  return new Map(out.trim().split('\n').map((l) => l.split(' ') as [string, string]));
}

function tagOf(image: string): string {
  return image.slice(image.lastIndexOf(':') + 1);
}

async function retry<T>(what: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  throw new Error(`${what}: still failing after ${timeoutMs} ms: ${last instanceof Error ? last.message : String(last)}`);
}

function httpsGet(url: string, tls: { ca: string; cert: string; key: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ...tls, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

describe('lab', () => {
  let lab: LabInfo;
  const shells: NodeShell[] = [];
  const images = systemImages();
  const image = (key: string): string => {
    const name = images.get(key);
    if (!name) throw new Error(`version table has no ${key} image`);
    return name;
  };

  beforeAll(async () => {
    // Fresh nodes: a cluster left on the lab (make dind, an interrupted e2e) holds etcd's ports.
    await labDown();
    lab = await labUp({ nodes: 3 });
    for (const node of lab.nodes) shells.push(await NodeShell.connect(node.address, lab.sshKeyPath));
  });

  afterAll(async () => {
    await Promise.all(
      shells.map((s) =>
        s.exec(
          'docker rm -f lab-test-etcd lab-test-kube-apiserver lab-test-serve lab-test-nginx-proxy >/dev/null 2>&1; ' +
            `rm -rf ${TEST_DIR} /var/lib/lab-test-etcd /opt/lab-test-snapshots`,
        ),
      ),
    );
    for (const s of shells) s.close();
  });

  it('reaches every node over SSH as root with the generated key, under its own hostname', async () => {
    expect(lab.nodes.map((n) => n.address)).toEqual([1, 2, 3].map(nodeAddress));
    for (const [i, s] of shells.entries()) {
      expect((await s.run('hostname')).trim()).toBe(lab.nodes[i]!.name);
      expect((await s.run('id -u')).trim()).toBe('0');
    }
  });

  it('runs a Docker engine on every node (docker info over SSH)', async () => {
    for (const s of shells) {
      const info = JSON.parse(await s.run("docker info --format '{{json .}}'")) as Record<string, unknown>;
      expect(info.ServerVersion).toMatch(/^20\.10\./);
      expect(info.Driver).toBe('overlay2');
      expect(info.DefaultRuntime).toBe('lab');
      expect(info.CgroupDriver).toBe('cgroupfs');
      expect(info.DockerRootDir).toBe('/var/lib/docker');
    }
  });

  it('runs each system image\'s binary inside a node, pulled under the version table\'s name', async () => {
    const node = shells[1]!;
    // no registry outside the lab is reachable: a pull of the docker.io name succeeds only through the
    // lab registry, the node engine's mirror
    for (const name of new Set([...images.entries()].filter(([k]) => k !== 'version').map(([, v]) => v))) {
      if (!BUILT_KEYS.some((k) => images.get(k) === name)) continue;
      const pulled = await node.exec(`docker pull -q ${name}`);
      expect(pulled.code, `docker pull ${name}: ${pulled.stderr}`).toBe(0);
    }
    const version = async (key: string, entrypoint: string, ...args: string[]): Promise<string> => {
      const r = await node.exec(`docker run --rm --entrypoint ${entrypoint} ${image(key)} ${args.join(' ')} 2>&1`);
      expect(r.code, `${image(key)} ${entrypoint}: ${r.stdout}`).toBe(0);
      return r.stdout;
    };
    const k8s = tagOf(image('kubernetes')).split('-')[0]!;
    for (const component of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy']) {
      expect(await version('kubernetes', component, '--version')).toContain(`Kubernetes ${k8s}`);
    }
    expect(await version('kubernetes', 'kubectl', 'version', '--client')).toContain(`Client Version: ${k8s}`);
    expect(await version('etcd', '/usr/local/bin/etcd', '--version')).toContain(`etcd Version: ${tagOf(image('etcd')).slice(1)}`);
    expect(await version('etcd', '/usr/local/bin/etcdctl', 'version')).toContain('etcdctl version: 3.5.');
    expect(await version('podInfraContainer', '/pause', '-v')).toContain(`pause.c ${tagOf(image('podInfraContainer'))}`);
    expect(await version('coredns', '/coredns', '-version')).toContain(`CoreDNS-${tagOf(image('coredns'))}`);
    expect(await version('flannel', '/opt/bin/flanneld', '--version')).toMatch(/^v0\.28\.\d+/);
    expect(await version('flannelCni', '/opt/cni/bin/flannel')).toContain('CNI flannel plugin');
    expect(await version('metricsServer', '/metrics-server', '--version')).toContain(tagOf(image('metricsServer')));
    expect(await version('certDownloader', '/opt/rke-tools/bin/cri-dockerd', '--version')).toMatch(/cri-dockerd 0\.3\.\d+/);
    expect(await version('certDownloader', '/opt/rke-tools/bin/docker', '--version')).toMatch(/^Docker version 20\.10\./);
    expect(await version('certDownloader', 'etcdctl', 'version')).toContain('etcdctl version: 3.5.');
    expect(await version('certDownloader', 'nginx', '-v')).toContain('nginx version');
    expect(await version('certDownloader', '/opt/rke-tools/rke-etcd-backup', 'etcd-backup', '--version')).toContain('rke-etcd-backup');
  });

  it('runs a 3-member TLS etcd cluster across three nodes that reports healthy, and a kube-apiserver on it', async () => {
    const pki = new TestPki();
    const addresses = lab.nodes.map((n) => n.address);
    const initialCluster = lab.nodes.map((n) => `etcd-${n.name}=https://${n.address}:2380`).join(',');
    const endpoints = addresses.map((a) => `https://${a}:2379`).join(',');
    const certFlags = `--cacert=${TEST_DIR}/ca.pem --cert=${TEST_DIR}/node.pem --key=${TEST_DIR}/node-key.pem`;

    await Promise.all(
      lab.nodes.map(async (n, i) => {
        const s = shells[i]!;
        const pair = pki.issue(`etcd-${n.name}`, `/CN=etcd-${n.name}`, [n.address, '127.0.0.1']);
        await s.upload(`${TEST_DIR}/ca.pem`, pki.ca.cert, '644');
        await s.upload(`${TEST_DIR}/node.pem`, pair.cert);
        await s.upload(`${TEST_DIR}/node-key.pem`, pair.key);
        await s.run('docker rm -f lab-test-etcd >/dev/null 2>&1; rm -rf /var/lib/lab-test-etcd');
        await s.run(
          [
            `docker run -d --name lab-test-etcd --net host -v ${TEST_DIR}:${TEST_DIR}:ro -v /var/lib/lab-test-etcd:/data`,
            image('etcd'), '/usr/local/bin/etcd', `--name=etcd-${n.name}`, '--data-dir=/data',
            '--listen-client-urls=https://0.0.0.0:2379', `--advertise-client-urls=https://${n.address}:2379`,
            '--listen-peer-urls=https://0.0.0.0:2380', `--initial-advertise-peer-urls=https://${n.address}:2380`,
            `--initial-cluster=${initialCluster}`, '--initial-cluster-state=new', '--initial-cluster-token=lab-test',
            '--client-cert-auth', `--trusted-ca-file=${TEST_DIR}/ca.pem`,
            `--cert-file=${TEST_DIR}/node.pem`, `--key-file=${TEST_DIR}/node-key.pem`,
            '--peer-client-cert-auth', `--peer-trusted-ca-file=${TEST_DIR}/ca.pem`,
            `--peer-cert-file=${TEST_DIR}/node.pem`, `--peer-key-file=${TEST_DIR}/node-key.pem`,
          ].join(' '),
        );
      }),
    );

    const etcdctl = (args: string) =>
      shells[0]!.exec(`docker run --rm --net host -v ${TEST_DIR}:${TEST_DIR}:ro ${image('etcd')} /usr/local/bin/etcdctl --endpoints=${endpoints} ${certFlags} ${args}`);
    const health = await retry('etcd endpoint health', 90_000, async () => {
      const r = await etcdctl('endpoint health');
      if (r.code !== 0) throw new Error(r.stdout + r.stderr);
      return r.stdout + r.stderr;
    });
    for (const a of addresses) expect(health).toMatch(new RegExp(`https://${a.replace(/\./g, '\\.')}:2379 is healthy`));
    const members = await etcdctl('member list -w json');
    expect(members.code).toBe(0);
    expect((JSON.parse(members.stdout) as { members: unknown[] }).members).toHaveLength(3);

    // kube-apiserver from the lab's hyperkube image on node 1, storing in that etcd cluster
    const n1 = lab.nodes[0]!;
    const s1 = shells[0]!;
    const serving = pki.issue('kube-apiserver', '/CN=kube-apiserver', [n1.address, '127.0.0.1', '10.43.0.1'], ['kubernetes', 'localhost']);
    const sa = pki.keyPair('service-account');
    const admin = pki.issue('kube-admin', '/O=system:masters/CN=kube-admin');
    await s1.upload(`${TEST_DIR}/apiserver.pem`, serving.cert);
    await s1.upload(`${TEST_DIR}/apiserver-key.pem`, serving.key);
    await s1.upload(`${TEST_DIR}/sa.pem`, sa.cert);
    await s1.upload(`${TEST_DIR}/sa-key.pem`, sa.key);
    await s1.run(
      [
        `docker run -d --name lab-test-kube-apiserver --net host -v ${TEST_DIR}:${TEST_DIR}:ro`,
        image('kubernetes'), 'kube-apiserver',
        `--etcd-servers=${endpoints}`, `--etcd-cafile=${TEST_DIR}/ca.pem`, `--etcd-certfile=${TEST_DIR}/node.pem`,
        `--etcd-keyfile=${TEST_DIR}/node-key.pem`, '--etcd-prefix=/lab-test-registry',
        '--bind-address=0.0.0.0', '--secure-port=6443', `--advertise-address=${n1.address}`,
        `--tls-cert-file=${TEST_DIR}/apiserver.pem`, `--tls-private-key-file=${TEST_DIR}/apiserver-key.pem`,
        `--client-ca-file=${TEST_DIR}/ca.pem`, '--anonymous-auth=false', '--authorization-mode=Node,RBAC',
        `--service-account-key-file=${TEST_DIR}/sa.pem`, `--service-account-signing-key-file=${TEST_DIR}/sa-key.pem`,
        '--service-account-issuer=rke', '--api-audiences=unknown', '--service-cluster-ip-range=10.43.0.0/16',
      ].join(' '),
    );
    const tls = { ca: pki.ca.cert, cert: admin.cert, key: admin.key };
    const ready = await retry('kube-apiserver /readyz', 180_000, async () => {
      const r = await httpsGet(`https://${n1.address}:6443/readyz`, tls);
      if (r.status !== 200) throw new Error(`${r.status} ${r.body}`);
      return r;
    });
    expect(ready.body).toBe('ok');
    const version = await httpsGet(`https://${n1.address}:6443/version`, tls);
    expect(JSON.parse(version.body)).toMatchObject({ gitVersion: tagOf(image('kubernetes')).split('-')[0] });
    // the API server really stores in the etcd cluster: its keys are there under the chosen prefix
    const keys = await etcdctl('get /lab-test-registry/namespaces/default --keys-only');
    expect(keys.stdout).toContain('/lab-test-registry/namespaces/default');

    // rke-tools stand-in: a one-off snapshot (etcd-snapshot-once), then serve it from node 1 (etcd
    // stopped there, as RKE does before a restore) and download it on node 2 (etcd-download-backup)
    const tools = image('certDownloader');
    const backup = (s: NodeShell, args: string, extra = '') =>
      s.exec(
        `docker run ${extra} --net host -v ${TEST_DIR}:${TEST_DIR}:ro -v /opt/lab-test-snapshots:/backup ${tools} ` +
          `/opt/rke-tools/rke-etcd-backup etcd-backup ${args}`,
      );
    const saved = await backup(s1, `save ${certFlags} --name lab-snap --endpoints=${n1.address}:2379 --once`, '--rm');
    expect(saved.code, saved.stdout + saved.stderr).toBe(0);
    const listing = await s1.run(`docker run --rm -v /opt/lab-test-snapshots:/backup ${tools} busybox unzip -l /backup/lab-snap.zip`);
    expect(listing).toContain('backup/lab-snap');
    await s1.run('docker rm -f lab-test-kube-apiserver lab-test-etcd');
    const served = await backup(s1, `serve --name lab-snap ${certFlags}`, '-d --name lab-test-serve');
    expect(served.code, served.stderr).toBe(0);
    const s2 = shells[1]!;
    await s2.run('mkdir -p /opt/lab-test-snapshots');
    const downloaded = await retry('etcd-backup download', 30_000, async () => {
      const r = await backup(s2, `download --name lab-snap --local-endpoint ${n1.address} ${certFlags}`, '--rm');
      if (r.code !== 0) throw new Error(r.stdout + r.stderr);
      return r;
    });
    expect(downloaded.stdout + downloaded.stderr).toContain('Successfully download lab-snap');
    const sum1 = (await s1.run('md5sum < /opt/lab-test-snapshots/lab-snap')).trim();
    const sum2 = (await s2.run('md5sum < /opt/lab-test-snapshots/lab-snap')).trim();
    expect(sum2).toBe(sum1);
    // the downloaded file is a valid etcd snapshot
    const status = await s2.run(`docker run --rm -v /opt/lab-test-snapshots:/backup ${image('etcd')} /usr/local/bin/etcdctl snapshot status /backup/lab-snap -w json`);
    expect(JSON.parse(status)).toHaveProperty('totalKey');
  });

  it('runs the rke-tools stand-in\'s cert-deployer and nginx-proxy like rke-tools', async () => {
    const s = shells[2]!;
    const tools = image('certDownloader');
    const deploy = (env: string) =>
      s.run(`docker run --rm -v ${TEST_DIR}/k8s:/etc/kubernetes ${env} ${tools} cert-deployer`);
    await deploy("-e KUBE_CA='ca-v1' -e KUBE_NODE_KEY='key-v1' -e KUBECFG_KUBE_NODE='cfg-v1'");
    await deploy("-e KUBE_CA='ca-v2' -e KUBECFG_KUBE_NODE='cfg-v2'");
    expect(await s.run(`cat ${TEST_DIR}/k8s/ssl/kube-ca.pem`)).toBe('ca-v1\n');
    await deploy("-e KUBE_CA='ca-v3' -e KUBECFG_KUBE_NODE='cfg-v3' -e FORCE_DEPLOY=true");
    expect(await s.run(`cat ${TEST_DIR}/k8s/ssl/kube-ca.pem`)).toBe('ca-v3\n');
    expect(await s.run(`cat ${TEST_DIR}/k8s/ssl/kubecfg-kube-node.yaml`)).toBe('cfg-v1\n');
    expect((await s.run(`stat -c '%a %n' ${TEST_DIR}/k8s/ssl/*`)).trim().split('\n')).toEqual([
      `600 ${TEST_DIR}/k8s/ssl/kube-ca.pem`,
      `600 ${TEST_DIR}/k8s/ssl/kube-node-key.pem`,
      `600 ${TEST_DIR}/k8s/ssl/kubecfg-kube-node.yaml`,
    ]);

    // nginx-proxy: Entrypoint nginx-proxy, Cmd CP_HOSTS=..., env CP_HOSTS; proxies :6443 to the hosts
    await s.exec('docker rm -f lab-test-nginx-proxy');
    const hosts = `127.0.0.1,${lab.nodes[0]!.address}`;
    await s.run(`docker run -d --name lab-test-nginx-proxy --net host -e CP_HOSTS=${hosts} --entrypoint nginx-proxy ${tools} CP_HOSTS=${hosts}`);
    const conf = await retry('nginx-proxy config', 20_000, () => s.run('docker exec lab-test-nginx-proxy cat /etc/nginx/nginx.conf'));
    expect(conf).toContain('server 127.0.0.1:6443;');
    expect(conf).toContain(`server ${lab.nodes[0]!.address}:6443;`);
    const probe = await retry('nginx-proxy listening', 20_000, () =>
      s.run(`docker run --rm --net host --entrypoint nc ${tools} -w 2 -z 127.0.0.1 6443 && echo open`));
    expect(probe.trim()).toBe('open');
    await s.exec('docker rm -f lab-test-nginx-proxy');
  });

  it('`lab down` removes every container, network and volume it created; `lab up` brings the lab back', async () => {
    for (const s of shells) s.close();
    shells.length = 0;
    const { stdout } = await run(path.join(ROOT, 'scripts/lab'), ['down', '--json'], { cwd: ROOT });
    const removed = JSON.parse(stdout) as { containers: string[]; networks: string[]; volumes: string[] };
    expect(removed.containers).toEqual(expect.arrayContaining(lab.nodes.map((n) => n.container)));
    expect(removed.networks).toEqual([NETWORK_NAME]);
    expect(removed.volumes).toEqual(expect.arrayContaining(lab.nodes.map((n) => n.volume)));
    const left = async (what: string) =>
      (await run('docker', [what, 'ls', '-q', ...(what === 'container' ? ['-a'] : []), '--filter', `label=${LAB_LABEL}=${LAB_ID}`])).stdout.trim();
    expect(await left('container')).toBe('');
    expect(await left('network')).toBe('');
    expect(await left('volume')).toBe('');
    expect((await run('docker', ['ps', '-aq', '--filter', `name=${nodeContainer(1).replace(/-1$/, '')}`])).stdout.trim()).toBe('');

    // leave the lab up for the test files that come after this one
    const again = await labUp({ nodes: 3 });
    expect(again.nodes).toHaveLength(3);
  });
});
