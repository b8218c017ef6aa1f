/** `etcd-fix-perm` (RKE1 services/etcd.go setEtcdPermissions): runs before etcd with only the data bind. */
import { helperSecurityOpt } from '../common.js';
import type { ClusterContext, HostContext } from '../context.js';
import { ETCD_DATA_DIR } from '../containers/etcd.js';
import type { ContainerSpec } from '../types.js';
import { oneShot } from './base.js';

export const ETCD_FIX_PERM = 'etcd-fix-perm';

export function buildEtcdFixPerm(ctx: ClusterContext, host: HostContext, etcd: ContainerSpec): ContainerSpec {
  const cmd = etcd.user
    ? `chmod 700 ${ETCD_DATA_DIR} ; chown -R ${etcd.user} ${ETCD_DATA_DIR}`
    : `chmod 700 ${ETCD_DATA_DIR}`;
  // RKE1 keeps the last bind mentioning /var/lib/etcd (the data dir).
  const dataBind = [...etcd.binds].reverse().find((b) => b.includes('/var/lib/etcd')) ?? '';
  return oneShot({
    name: ETCD_FIX_PERM,
    image: ctx.images.alpine,
    cmd: ['sh', '-c', cmd],
    binds: [dataBind],
    securityOpt: helperSecurityOpt(ctx, host),
  });
}
