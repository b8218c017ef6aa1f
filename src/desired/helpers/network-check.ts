/** Port listeners and the port checker used by `rke up`'s network checks (RKE1 cluster/network.go). */
import type { ClusterContext } from '../context.js';
import type { ContainerSpec } from '../types.js';
import { oneShot } from './base.js';

export const RKE_PORT_CHECKER = 'rke-port-checker';
export const PORT_LISTENERS = {
  etcd: { name: 'rke-etcd-port-listener', ports: ['2379', '2380'] },
  controlplane: { name: 'rke-cp-port-listener', ports: ['6443'] },
  worker: { name: 'rke-worker-port-listener', ports: ['10250'] },
} as const;

export function buildPortListener(ctx: ClusterContext, plane: keyof typeof PORT_LISTENERS): ContainerSpec {
  const l = PORT_LISTENERS[plane];
  return oneShot({
    name: l.name,
    image: ctx.images.alpine,
    cmd: ['nc', '-kl', '-p', '1337', '-e', 'echo'],
    portBindings: l.ports.map((p) => ({ containerPort: '1337/tcp', hostIp: '0.0.0.0', hostPort: p })),
  });
}

/** Checks from one host that `targets` (internal addresses) accept TCP on `ports`; failures go to stderr. */
export function buildPortChecker(ctx: ClusterContext, targets: readonly string[], ports: readonly string[]): ContainerSpec {
  return oneShot({
    name: RKE_PORT_CHECKER,
    image: ctx.images.alpine,
    env: [`HOSTS=${targets.join(' ')}`, `PORTS=${ports.join(' ')}`],
    cmd: [
      'sh',
      '-c',
      'for host in $HOSTS; do for port in $PORTS ; do echo "Checking host ${host} on port ${port}" >&1 & nc -w 5 -z $host $port > /dev/null || echo "${host}:${port}" >&2 & done; wait; done',
    ],
    networkMode: 'host',
    logDriver: 'json-file',
  });
}
