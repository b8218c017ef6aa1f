/**
 * `etcd-rolling-snapshots` (and its one-shot sibling `etcd-snapshot-once`): RKE1 services/etcd.go
 * RunEtcdSnapshotSave. Re-created on every `rke up` by RKE1; no container-name label.
 */
import { removeZFromBinds } from '../args.js';
import { certPath, helperSecurityOpt, k8sAtLeast122, keyPath } from '../common.js';
import { onHost, type ClusterContext, type HostContext } from '../context.js';
import type { BackupConfigInput } from '../input.js';
import { imageTag } from '../semver.js';
import type { ContainerSpec } from '../types.js';

export const ETCD_ROLLING_SNAPSHOTS = 'etcd-rolling-snapshots';
export const ETCD_SNAPSHOT_ONCE = 'etcd-snapshot-once';
export const ETCD_SNAPSHOT_PATH = '/opt/rke/etcd-snapshots/';

/** RKE1 util.GetDefaultRKETools: rancher/rke-tools images get the default K8s version's rke-tools tag. */
export function snapshotImage(alpineImage: string, defaultRkeToolsImage: string | undefined): string {
  if (!alpineImage.includes('rancher/rke-tools') || !defaultRkeToolsImage) return alpineImage;
  return alpineImage.replace(imageTag(alpineImage), imageTag(defaultRkeToolsImage));
}

/** `--creation`/`--retention` and S3 flags (configS3BackupImgCmd), plus the S3 key env. */
export function backupConfigFlags(bc: BackupConfigInput): { cmd: string[]; env: string[] } {
  const interval = bc.interval_hours ?? 0;
  const cmd = [`--creation=${interval}h`, `--retention=${(bc.retention ?? 0) * interval}h`];
  const env: string[] = [];
  const s3 = bc.s3backupconfig;
  if (s3) {
    cmd.push('--s3-backup=true', `--s3-endpoint=${s3.endpoint ?? ''}`, `--s3-bucketName=${s3.bucket_name ?? ''}`, `--s3-region=${s3.region ?? ''}`);
    if ((s3.access_key ?? '') !== '' || (s3.secret_key ?? '') !== '') {
      env.push(
        `S3_ACCESS_KEY=${Buffer.from(s3.access_key ?? '', 'utf8').toString('base64')}`,
        `S3_SECRET_KEY=${Buffer.from(s3.secret_key ?? '', 'utf8').toString('base64')}`,
      );
    }
    if ((s3.custom_ca ?? '') !== '') cmd.push(`--s3-endpoint-ca=${Buffer.from(s3.custom_ca ?? '', 'utf8').toString('base64')}`);
    if ((s3.folder ?? '') !== '') cmd.push(`--s3-folder=${s3.folder}`);
  }
  return { cmd, env };
}

/** RKE1 defaults a present, enabled backup_config (interval 12 h, retention 6). */
export function effectiveBackupConfig(bc: BackupConfigInput | null | undefined): BackupConfigInput | undefined {
  if (!bc) return undefined;
  if (bc.enabled === false) return bc;
  return { ...bc, interval_hours: bc.interval_hours || 12, retention: bc.retention || 6 };
}

export function buildEtcdSnapshot(ctx: ClusterContext, host: HostContext, opts: { once: boolean; name?: string }): ContainerSpec {
  const etcd = ctx.services.etcd;
  const bc = effectiveBackupConfig(etcd.raw.backup_config);
  const cmd = [
    '/opt/rke-tools/rke-etcd-backup', 'etcd-backup', 'save',
    '--cacert', certPath('kube-ca'),
    '--cert', certPath('kube-node'),
    '--key', keyPath('kube-node'),
    '--name', opts.name ?? ETCD_ROLLING_SNAPSHOTS,
    `--endpoints=${host.internalAddress}:2379`,
  ];
  const env = [...etcd.extraEnv];
  if (opts.once) cmd.push('--once');
  else if (!bc) cmd.push(`--retention=${etcd.retention}`, `--creation=${etcd.creation}`);
  if (bc) {
    const flags = backupConfigFlags(bc);
    cmd.push(...flags.cmd);
    env.push(...flags.env);
  }
  let binds = [`${ETCD_SNAPSHOT_PATH}:/backup:z`, `${onHost(host, '/etc/kubernetes')}:/etc/kubernetes:z`];
  if (k8sAtLeast122(ctx)) binds = removeZFromBinds(binds);
  return {
    name: opts.once ? ETCD_SNAPSHOT_ONCE : ETCD_ROLLING_SNAPSHOTS,
    image: snapshotImage(ctx.images.alpine, ctx.defaultRkeToolsImage),
    entrypoint: [],
    cmd,
    env,
    binds,
    volumesFrom: [],
    labels: {},
    networkMode: 'host',
    pidMode: '',
    privileged: false,
    restartPolicy: opts.once ? 'no' : 'always',
    securityOpt: helperSecurityOpt(ctx, host),
    start: true,
    ...(opts.once ? {} : { recreatedOnEveryUp: true }),
  };
}

export function buildEtcdRollingSnapshots(ctx: ClusterContext, host: HostContext): ContainerSpec {
  return buildEtcdSnapshot(ctx, host, { once: false });
}
