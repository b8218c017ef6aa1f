/** Argument precedence and list handling, each rule checked on the container RKE1 applies it to. */
import { describe, expect, it } from 'vitest';
import { removeZFromBinds, uniqStrings, goPathJoin } from '../../../src/desired/args.js';
import { buildDesiredCluster, type ContainerSpec } from '../../../src/desired/index.js';
import type { DesiredConfigInput } from '../../../src/desired/input.js';
import { DEFAULT_FACTS, VERSION, inputFor } from './fixtures.js';

const node = { address: '10.0.0.1', role: ['etcd', 'controlplane', 'worker'] };
const flags = (c: ContainerSpec) => [...c.entrypoint, ...c.cmd].filter((a) => a.startsWith('--'));
function containers(config: Partial<DesiredConfigInput>, extra = {}) {
  const d = buildDesiredCluster(inputFor({ nodes: [node], ...config }, extra));
  return d.hosts[0]?.containers ?? {};
}
function withOptions(opts: typeof VERSION.serviceOptions) {
  return { version: { ...VERSION, serviceOptions: { ...VERSION.serviceOptions, ...opts } } };
}

describe('argument precedence', () => {
  it('KDM options override RKE base flags, and "" deletes a flag', () => {
    const c = containers({}, withOptions({ kubeapi: { ...VERSION.serviceOptions.kubeapi, 'service-node-port-range': '', 'etcd-prefix': '/kdm' } }));
    const f = flags(c['kube-apiserver'] as ContainerSpec);
    expect(f.some((a) => a.startsWith('--service-node-port-range='))).toBe(false);
    expect(f).toContain('--etcd-prefix=/kdm');
  });

  it('RKE computed overrides beat KDM (authorization-mode with RBAC)', () => {
    const c = containers({}, withOptions({ kubeapi: { ...VERSION.serviceOptions.kubeapi, 'authorization-mode': 'AlwaysAllow' } }));
    expect(flags(c['kube-apiserver'] as ContainerSpec)).toContain('--authorization-mode=Node,RBAC');
  });

  it('extra_args beat everything, extra_args_array repeats a flag', () => {
    const c = containers({
      services: {
        'kube-api': { extra_args: { 'authorization-mode': 'RBAC', 'secure-port': '7443' }, extra_args_array: { 'service-account-issuer': ['a', 'b'] } },
      },
    });
    const f = flags(c['kube-apiserver'] as ContainerSpec);
    expect(f).toContain('--authorization-mode=RBAC');
    expect(f).toContain('--secure-port=7443');
    expect(f).not.toContain('--secure-port=6443');
    // The map value and the array values both stay: RKE1 appends array flags after the map.
    expect(f.filter((a) => a.startsWith('--service-account-issuer='))).toEqual(['--service-account-issuer=rke', '--service-account-issuer=a', '--service-account-issuer=b']);
  });

  it("kubelet KDM values: '' deletes, \"''\" sets empty, [PREFIX_PATH] joins prefix_path", () => {
    const c = containers(
      { prefix_path: '/opt/rke' },
      withOptions({ kubelet: { 'read-only-port': '', 'enforce-node-allocatable': "''", 'volume-plugin-dir': '[PREFIX_PATH]/var/lib/kubelet/volumeplugins' } }),
    );
    const f = flags(c.kubelet as ContainerSpec);
    expect(f.some((a) => a.startsWith('--read-only-port'))).toBe(false);
    expect(f).toContain('--enforce-node-allocatable=');
    expect(f).toContain('--volume-plugin-dir=/opt/rke/var/lib/kubelet/volumeplugins');
    expect(f).toContain('--root-dir=/opt/rke/var/lib/kubelet');
  });

  it('nodelocal DNS IP overrides even a kubelet extra_args cluster-dns', () => {
    const c = containers({ dns: { nodelocal: { ip_address: '169.254.20.10' } }, services: { kubelet: { extra_args: { 'cluster-dns': '1.1.1.1' } } } });
    expect(flags(c.kubelet as ContainerSpec)).toContain('--cluster-dns=169.254.20.10');
  });

  it('etcd gets bare --client-cert-auth flags only when neither KDM nor extra_args set them', () => {
    const c = containers({}, withOptions({ etcd: {} }));
    expect((c.etcd as ContainerSpec).cmd.slice(0, 3)).toEqual(['/usr/local/bin/etcd', '--client-cert-auth', '--peer-client-cert-auth']);
    const d = containers({});
    expect((d.etcd as ContainerSpec).cmd).toContain('--client-cert-auth=true');
    expect((d.etcd as ContainerSpec).cmd).not.toContain('--client-cert-auth');
  });

  it('etcd election/heartbeat defaults are extra_args the user can override', () => {
    const c = containers({ services: { etcd: { extra_args: { 'heartbeat-interval': '250' } } } });
    const cmd = (c.etcd as ContainerSpec).cmd;
    expect(cmd).toContain('--heartbeat-interval=250');
    expect(cmd).toContain('--election-timeout=5000');
  });

  it('AlwaysPullImages / EventRateLimit extend the KDM admission plugin list', () => {
    const c = containers({ services: { 'kube-api': { always_pull_images: true, event_rate_limit: { enabled: true } } } });
    const plugins = flags(c['kube-apiserver'] as ContainerSpec).find((a) => a.startsWith('--enable-admission-plugins='));
    expect(plugins?.endsWith(',PersistentVolumeClaimResize,AlwaysPullImages,EventRateLimit')).toBe(true);
  });
});

describe('binds and env lists', () => {
  it('RemoveZFromBinds drops only z options and keeps others', () => {
    expect(removeZFromBinds(['/a:/a:z', '/b:/b:rw,z', '/c:/c:shared,Z,ro', '/d:/d', '/e:/e:'])).toEqual(['/a:/a', '/b:/b:rw', '/c:/c:shared,ro', '/d:/d']);
  });

  it('uniqStrings trims and keeps first occurrences', () => {
    expect(uniqStrings([' A=1', 'A=1 ', '', 'B=2', '  '])).toEqual(['A=1', 'B=2']);
  });

  it('goPathJoin behaves like Go path.Join', () => {
    expect(goPathJoin('/', '/etc/kubernetes')).toBe('/etc/kubernetes');
    expect(goPathJoin('/opt/rke/', '/var/lib/etcd/')).toBe('/opt/rke/var/lib/etcd');
    expect(goPathJoin('', '')).toBe('');
  });

  it('extra_binds keep :z while base binds lose it (K8s >= 1.22)', () => {
    const c = containers({ services: { kubelet: { extra_binds: ['/x:/x:z'] } } });
    expect((c.kubelet as ContainerSpec).binds).toContain('/x:/x:z');
    expect((c.kubelet as ContainerSpec).binds.some((b) => b.endsWith(',z') || b.endsWith(':z') && b !== '/x:/x:z')).toBe(false);
  });

  it('K8s < 1.22 keeps :z on base binds', () => {
    const d = buildDesiredCluster(inputFor({ nodes: [node], kubernetes_version: 'v1.21.14-rancher1-1' }));
    expect(d.hosts[0]?.containers.kubelet?.binds).toContain('/etc/kubernetes:/etc/kubernetes:z');
  });

  it('a RancherOS host gets prefix /opt/rke when the cluster prefix is /', () => {
    const d = buildDesiredCluster(inputFor({ nodes: [node] }, {}, { ...DEFAULT_FACTS, operatingSystem: 'RancherOS v1.5.8' }));
    expect(d.hosts[0]?.prefixPath).toBe('/opt/rke');
    expect(d.hosts[0]?.containers.etcd?.binds).toContain('/opt/rke/var/lib/etcd:/var/lib/rancher/etcd/');
  });
});

describe('versions', () => {
  it('cri-dockerd below 1.27 adds --container-runtime=remote', () => {
    const d = buildDesiredCluster(inputFor({ nodes: [node], kubernetes_version: 'v1.26.15-rancher1-1' }));
    expect(flags(d.hosts[0]?.containers.kubelet as ContainerSpec)).toContain('--container-runtime=remote');
  });
  it('1.21 has no cri-dockerd unless enabled and uses :z binds', () => {
    const d = buildDesiredCluster(inputFor({ nodes: [node], kubernetes_version: 'v1.21.14-rancher1-1' }));
    const k = d.hosts[0]?.containers.kubelet as ContainerSpec;
    expect(k.env).not.toContain('RKE_KUBELET_CRIDOCKERD=true');
    expect(flags(k).some((a) => a.startsWith('--container-runtime-endpoint'))).toBe(false);
  });
});
