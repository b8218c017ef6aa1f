/** Helper (one-shot) containers as RKE1 creates them. */
import { describe, expect, it } from 'vitest';
import {
  buildCertDeployer,
  buildClusterContext,
  buildEtcdFixPerm,
  buildEtcdSnapshot,
  buildFileDeployer,
  buildKubeCleaner,
  buildLogCleaner,
  buildLogLinker,
  buildPortChecker,
  buildPortListener,
  buildDesiredCluster,
  cleanupPaths,
  toDockerCreateOptions,
  type ContainerSpec,
} from '../../../src/desired/index.js';
import { DEFAULT_FACTS, inputFor } from './fixtures.js';

const nodes = [
  { address: '10.0.0.1', role: ['etcd', 'controlplane'] },
  { address: '10.0.0.2', role: ['worker'] },
];
const selinux = { ...DEFAULT_FACTS, selinuxEnabled: true };
const ctx = buildClusterContext(inputFor({ nodes, prefix_path: '/opt/p', services: { etcd: { uid: 1000, gid: 1001 } } }, {}, selinux));
const etcdHost = ctx.hosts[0]!;
const worker = ctx.hosts[1]!;

describe('helper containers', () => {
  it('cert-deployer: privileged, /etc/kubernetes bind, FORCE_DEPLOY and ETCD_UID/GID only on etcd hosts', () => {
    const c = buildCertDeployer(ctx, etcdHost, { certEnv: ['KUBE_CA=pem'], forceDeploy: true });
    expect(c).toMatchObject({ name: 'cert-deployer', cmd: ['cert-deployer'], privileged: true, binds: ['/opt/p/etc/kubernetes:/etc/kubernetes'] });
    expect(c.env).toEqual(['KUBE_CA=pem', 'FORCE_DEPLOY=true', 'ETCD_UID=1000', 'ETCD_GID=1001']);
    expect(buildCertDeployer(ctx, worker, { certEnv: [] }).env).toEqual([]);
    expect(c.securityOpt).toEqual([]);
  });

  it('file-deployer writes through echo -e and removes on empty content (cloud-config excepted)', () => {
    const w = buildFileDeployer(ctx, etcdHost, { path: '/etc/kubernetes/admission.yaml', content: 'a: b\n' });
    expect(w.cmd).toEqual(['sh', '-c', 't=$(mktemp); echo -e "$FILE_DEPLOY" > $t && mv $t /etc/kubernetes/admission.yaml && chmod 600 /etc/kubernetes/admission.yaml']);
    expect(w.env).toEqual(['FILE_DEPLOY=a: b\n']);
    expect(w.securityOpt).toEqual(['label=type:rke_container_t']);
    expect(buildFileDeployer(ctx, etcdHost, { path: '/etc/kubernetes/ssl/encryption.yaml', content: '' }).cmd[2]).toBe('rm -f /etc/kubernetes/ssl/encryption.yaml');
    expect(buildFileDeployer(ctx, etcdHost, { path: '/etc/kubernetes/cloud-config', content: '' }).env).toEqual(['FILE_DEPLOY=']);
  });

  it('etcd-fix-perm chowns to the etcd user with only the data bind', () => {
    const etcd = buildDesiredCluster(inputFor({ nodes, prefix_path: '/opt/p', services: { etcd: { uid: 1000, gid: 1001 } } })).hosts[0]?.containers.etcd as ContainerSpec;
    const c = buildEtcdFixPerm(ctx, etcdHost, etcd);
    expect(c.cmd).toEqual(['sh', '-c', 'chmod 700 /var/lib/rancher/etcd/ ; chown -R 1000:1000 /var/lib/rancher/etcd/']);
    expect(c.binds).toEqual(['/opt/p/var/lib/etcd:/var/lib/rancher/etcd/']);
  });

  it('port listeners publish 1337/tcp on the plane ports; the checker runs on the host network', () => {
    const l = toDockerCreateOptions(buildPortListener(ctx, 'etcd'));
    expect(l.ExposedPorts).toEqual({ '1337/tcp': {} });
    expect(l.HostConfig?.PortBindings).toEqual({ '1337/tcp': [{ HostIp: '0.0.0.0', HostPort: '2379' }, { HostIp: '0.0.0.0', HostPort: '2380' }] });
    const p = buildPortChecker(ctx, ['10.0.0.1', '10.0.0.3'], ['2379', '2380']);
    expect(p.env).toEqual(['HOSTS=10.0.0.1 10.0.0.3', 'PORTS=2379 2380']);
    expect(toDockerCreateOptions(p).HostConfig).toMatchObject({ NetworkMode: 'host', LogConfig: { Type: 'json-file' } });
  });

  it('kube-cleaner binds each directory to itself; prefix applies to RKE-owned dirs only', () => {
    const dirs = cleanupPaths(etcdHost, 'all');
    expect(dirs).toEqual(['/opt/p/etc/kubernetes', '/etc/cni/', '/opt/cni/', '/var/run/calico/', '/opt/p/etc/kubernetes/.tmp', '/opt/p/var/lib/cni', '/opt/p/var/lib/etcd']);
    const c = buildKubeCleaner(ctx, etcdHost, dirs);
    expect(c.binds[1]).toBe('/etc/cni/:/etc/cni/');
    expect(c.cmd[2]).toBe(`find ${dirs.join(' ')} -mindepth 1 -delete`);
  });

  it('log linker/cleaner are privileged TTY containers on /var/lib', () => {
    const l = buildLogLinker(ctx, { name: 'kubelet', id: 'abc', logPath: '/var/lib/docker/containers/abc/abc-json.log' });
    expect(l.cmd[2]).toBe('mkdir -p /var/lib/rancher/rke/log ; ln -s /var/lib/docker/containers/abc/abc-json.log /var/lib/rancher/rke/log/kubelet_abc.log');
    expect(l).toMatchObject({ tty: true, privileged: true, binds: ['/var/lib:/var/lib'] });
    expect(buildLogCleaner(ctx, etcdHost).binds).toEqual(['/var/lib/docker:/var/lib/docker', '/var/lib:/var/lib']);
  });

  it('etcd-snapshot-once: --once, restart no, same binds as the rolling container', () => {
    const c = buildEtcdSnapshot(ctx, etcdHost, { once: true, name: 'snap1' });
    expect(c.cmd).toContain('--once');
    expect(c.cmd).not.toContain('--retention=72h');
    expect(c.restartPolicy).toBe('no');
    expect(c.binds).toEqual(['/opt/rke/etcd-snapshots/:/backup', '/opt/p/etc/kubernetes:/etc/kubernetes']);
  });
});
