/** The `nginx-proxy` container on hosts without controlplane (RKE1 cluster/plan.go BuildProxyProcess). */
import { CONTAINER_NAME_LABEL, processSpec } from '../common.js';
import type { ClusterContext, HostContext } from '../context.js';
import type { ContainerSpec } from '../types.js';

export const NGINX_PROXY = 'nginx-proxy';

export function buildNginxProxy(ctx: ClusterContext, host: HostContext): ContainerSpec {
  const env = [`CP_HOSTS=${ctx.controlPlaneHosts.map((h) => h.internalAddress).join(',')}`];
  return processSpec(ctx, host, {
    name: NGINX_PROXY,
    image: ctx.images.nginxProxy,
    entrypoint: ['nginx-proxy'],
    // Same string as the env on purpose: a controlplane change changes Cmd and forces a replace.
    cmd: [...env],
    env,
    binds: [],
    volumesFrom: [],
    labels: { [CONTAINER_NAME_LABEL]: NGINX_PROXY },
    networkMode: 'host',
    pidMode: '',
    privileged: false,
    restartPolicy: 'always',
  });
}
