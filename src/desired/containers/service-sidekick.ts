/** `service-sidekick`: created, never started; shares /opt/rke-tools with the K8s containers (BuildSidecarProcess). */
import { CONTAINER_NAME_LABEL, SIDEKICK, processSpec } from '../common.js';
import type { ClusterContext, HostContext } from '../context.js';
import type { ContainerSpec } from '../types.js';

export const SERVICE_SIDEKICK = SIDEKICK;

export function buildServiceSidekick(ctx: ClusterContext, host: HostContext): ContainerSpec {
  return processSpec(ctx, host, {
    name: SERVICE_SIDEKICK,
    image: ctx.images.sidecar,
    entrypoint: ['/bin/bash'],
    cmd: [],
    env: [],
    binds: [],
    volumesFrom: [],
    labels: { [CONTAINER_NAME_LABEL]: SERVICE_SIDEKICK },
    networkMode: 'none',
    pidMode: '',
    privileged: false,
    restartPolicy: '',
    start: false,
  });
}
