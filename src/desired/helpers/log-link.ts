/** `rke-log-linker` and `rke-log-cleaner` (RKE1 services/services.go createLogLink, hosts/hosts.go DoRunLogCleaner). */
import type { ClusterContext, HostContext } from '../context.js';
import type { ContainerSpec } from '../types.js';
import { oneShot } from './base.js';

export const RKE_LOG_LINKER = 'rke-log-linker';
export const RKE_LOG_CLEANER = 'rke-log-cleaner';
export const RKE_LOGS_PATH = '/var/lib/rancher/rke/log';

/** Links `<RKE_LOGS_PATH>/<name>_<id>.log` to the container's Docker JSON log (`LogPath` from inspect). */
export function buildLogLinker(ctx: ClusterContext, target: { name: string; id: string; logPath: string }): ContainerSpec {
  const link = `${RKE_LOGS_PATH}/${target.name}_${target.id}.log`;
  return oneShot({
    name: RKE_LOG_LINKER,
    image: ctx.images.alpine,
    tty: true,
    cmd: ['sh', '-c', `mkdir -p ${RKE_LOGS_PATH} ; ln -s ${target.logPath} ${link}`],
    binds: ['/var/lib:/var/lib'],
    privileged: true,
  });
}

export function buildLogCleaner(ctx: ClusterContext, host: HostContext): ContainerSpec {
  const root = host.facts.dockerRootDir;
  return oneShot({
    name: RKE_LOG_CLEANER,
    image: ctx.images.alpine,
    tty: true,
    cmd: ['sh', '-c', `find ${RKE_LOGS_PATH} -type l ! -exec test -e {} \\; -print -delete`],
    binds: [`${root}:${root}`, '/var/lib:/var/lib'],
    privileged: true,
  });
}
