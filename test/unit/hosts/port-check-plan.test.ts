import { describe, expect, it } from 'vitest';
import { parseCheckerOutput, planPortChecks, PORT_LISTENERS } from '../../../src/hosts/port-check.js';
import type { ClusterHost, HostRole } from '../../../src/hosts/types.js';

const host = (name: string, ...roles: HostRole[]): ClusterHost => ({ spec: { address: `${name}.ssh` }, roles, internalAddress: `${name}.int` });

function summary(hosts: ClusterHost[]) {
  return planPortChecks(hosts).map((s) => [s.label, s.checks.map((c) => `${c.from.spec.address} -> ${c.targets.join(',')} : ${c.ports.join(',')}`)]);
}

describe('port check plan (RKE1 cluster/network.go)', () => {
  it('uses RKE1\'s container names and ports', () => {
    expect(PORT_LISTENERS).toEqual({
      etcd: { container: 'rke-etcd-port-listener', ports: [2379, 2380] },
      controlplane: { container: 'rke-cp-port-listener', ports: [6443] },
      worker: { container: 'rke-worker-port-listener', ports: [10250] },
    });
  });

  it('checks etcd peers, cp -> etcd client, cp -> kubelet, worker -> apiserver, by internal address', () => {
    const e1 = host('e1', 'etcd');
    const e2 = host('e2', 'etcd');
    const cp = host('cp', 'controlplane');
    const w = host('w', 'worker');
    expect(summary([e1, e2, cp, w])).toEqual([
      ['etcd <-> etcd', ['e1.ssh -> e1.int,e2.int : 2379,2380', 'e2.ssh -> e1.int,e2.int : 2379,2380']],
      ['control plane -> etcd', ['cp.ssh -> e1.int,e2.int : 2379']],
      ['control plane -> worker', ['cp.ssh -> w.int : 10250']],
      ['workers -> control plane', ['w.ssh -> cp.int : 6443']],
    ]);
  });

  it('skips the etcd peer check with one etcd host and empty pairs', () => {
    const all = host('a', 'etcd', 'controlplane', 'worker');
    expect(summary([all]).map(([label]) => label)).toEqual(['control plane -> etcd', 'control plane -> worker', 'workers -> control plane']);
    expect(summary([host('w', 'worker')])).toEqual([]);
  });

  it('reads failed targets from the checker\'s stderr only', () => {
    expect(parseCheckerOutput('10.0.0.1:2379\n10.0.0.2:10250\n')).toEqual(['10.0.0.1:2379', '10.0.0.2:10250']);
    expect(parseCheckerOutput('nc: bad address\n')).toEqual([]);
    expect(parseCheckerOutput('')).toEqual([]);
  });
});
