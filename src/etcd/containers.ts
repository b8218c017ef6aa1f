/**
 * The helper containers `rke etcd` runs on etcd hosts, as RKE1 services/etcd.go builds them (names,
 * images, commands, binds), plus two rke-ts ones that only read files. Pure: specs only.
 */
import { removeZFromBinds } from '../desired/args.js';
import { certPath, crtNameForHost, helperSecurityOpt, k8sAtLeast122, keyPath } from '../desired/common.js';
import { onHost, type ClusterContext, type HostContext } from '../desired/context.js';
import { ETCD_SNAPSHOT_PATH, snapshotImage } from '../desired/containers/etcd-rolling-snapshots.js';
import { etcdInitialCluster } from '../desired/containers/etcd.js';
import { oneShot } from '../desired/helpers/base.js';
import type { S3BackupConfigInput } from '../desired/input.js';
import { compareSemVer, imageTag, parseSemVer } from '../desired/semver.js';
import type { ContainerSpec } from '../desired/types.js';
import { dbPath, SNAPSHOT_DIR } from './naming.js';

export const ETCD_RESTORE = 'etcd-restore';
export const ETCD_DOWNLOAD_BACKUP = 'etcd-download-backup';
export const ETCD_REMOVE_SNAPSHOT = 'etcd-remove-snapshot';
export const ETCD_CHECKSUM_CHECKER = 'etcd-checksum-checker';
export const ETCD_EXTRACT_STATEFILE = 'etcd-extract-statefile';
/** rke-ts: a created, never started container through which snapshot files are read and written. */
export const SNAPSHOT_FILES = 'rke-ts-snapshot-files';
/** rke-ts: lists the snapshot directory (snapshot-list has no RKE1 counterpart). */
export const SNAPSHOT_LISTER = 'rke-ts-snapshot-list';

const RESTORE_DIR = '/opt/rke/etcd-snapshots-restore/';
const BACKUP_BIND = `${ETCD_SNAPSHOT_PATH}:/backup:z`;

/** RKE1 getBackupImage: rke-tools with the default Kubernetes version's tag. */
export function backupImage(ctx: ClusterContext): string {
  return snapshotImage(ctx.images.alpine, ctx.defaultRkeToolsImage);
}

/** RKE1 getRestoreImage: the etcd image, except distroless mirrored-coreos-etcd ≥ v3.5.7 (no shell) → rke-tools. */
export function restoreImage(ctx: ClusterContext): string {
  const etcd = ctx.images.etcd;
  if (!etcd.includes('rancher/mirrored-coreos-etcd')) return etcd;
  const v = parseSemVer(imageTag(etcd));
  const min = parseSemVer('v3.5.7')!;
  if (!v || compareSemVer(v, min) < 0) return etcd;
  return backupImage(ctx);
}

function binds(ctx: ClusterContext, list: string[]): string[] {
  return k8sAtLeast122(ctx) ? removeZFromBinds(list) : list;
}

/** configS3BackupImgCmd's S3 flags and the base64 key env (as RKE1 passes them to rke-tools). */
export function s3Flags(s3: S3BackupConfigInput, opts: { backupFlag: '--s3-backup' | '--s3-backup=true' }): { cmd: string[]; env: string[] } {
  const cmd = [opts.backupFlag, `--s3-endpoint=${s3.endpoint ?? ''}`, `--s3-bucketName=${s3.bucket_name ?? ''}`, `--s3-region=${s3.region ?? ''}`];
  const env: string[] = [];
  if ((s3.access_key ?? '') !== '' || (s3.secret_key ?? '') !== '') {
    env.push(`S3_ACCESS_KEY=${Buffer.from(s3.access_key ?? '').toString('base64')}`, `S3_SECRET_KEY=${Buffer.from(s3.secret_key ?? '').toString('base64')}`);
  }
  if ((s3.custom_ca ?? '') !== '') cmd.push(`--s3-endpoint-ca=${Buffer.from(s3.custom_ca ?? '').toString('base64')}`);
  if ((s3.folder ?? '') !== '') cmd.push(`--s3-folder=${s3.folder}`);
  return { cmd, env };
}

/** RKE1 DownloadEtcdSnapshotFromS3: fetch `<name>` (.zip) from S3 into /opt/rke/etcd-snapshots. */
export function buildDownloadFromS3(ctx: ClusterContext, host: HostContext, name: string, s3: S3BackupConfigInput): ContainerSpec {
  const flags = s3Flags(s3, { backupFlag: '--s3-backup=true' });
  // RKE1 puts the custom CA and folder after the region, in this order, like s3Flags does.
  return oneShot({
    name: ETCD_DOWNLOAD_BACKUP,
    image: backupImage(ctx),
    cmd: ['/opt/rke-tools/rke-etcd-backup', 'etcd-backup', 'download', '--name', name, ...flags.cmd],
    env: [...ctx.services.etcd.extraEnv, ...flags.env],
    binds: binds(ctx, [BACKUP_BIND, `${onHost(host, '/etc/kubernetes')}:/etc/kubernetes:z`]),
    networkMode: 'host',
    restartPolicy: 'no',
    securityOpt: helperSecurityOpt(ctx, host),
  });
}

/** RKE1 RunEtcdSnapshotRemove: delete `<name>` (and with S3, its objects); `cleanup` only drops the unzipped leftover. */
export function buildRemoveSnapshot(ctx: ClusterContext, host: HostContext, name: string, opts: { cleanup: boolean; s3?: S3BackupConfigInput }): ContainerSpec {
  const cmd = ['/opt/rke-tools/rke-etcd-backup', 'etcd-backup', 'delete', '--name', name];
  const env = [...ctx.services.etcd.extraEnv];
  if (opts.cleanup) cmd.push('--cleanup');
  if (opts.s3) {
    const flags = s3Flags(opts.s3, { backupFlag: '--s3-backup' });
    cmd.push(...flags.cmd);
    env.push(...flags.env);
  }
  return oneShot({
    name: ETCD_REMOVE_SNAPSHOT,
    image: backupImage(ctx),
    cmd,
    env,
    binds: binds(ctx, [BACKUP_BIND]),
    restartPolicy: 'no',
    securityOpt: helperSecurityOpt(ctx, host),
  });
}

/** RKE1 GetEtcdSnapshotChecksum: md5 of the unzipped snapshot. */
export function buildChecksumChecker(ctx: ClusterContext, host: HostContext, name: string): ContainerSpec {
  return oneShot({
    name: ETCD_CHECKSUM_CHECKER,
    image: ctx.images.alpine,
    cmd: ['sh', '-c', `md5sum ${dbPath(name)} | cut -f1 -d' ' | tr -d '\\n'`],
    binds: binds(ctx, ['/opt/rke/:/opt/rke/:z']),
    securityOpt: helperSecurityOpt(ctx, host),
  });
}

/** RKE1 services.RestoreEtcdSnapshot: etcdctl snapshot restore into a fresh data dir for this member. */
export function buildEtcdRestore(ctx: ClusterContext, host: HostContext, name: string): ContainerSpec {
  const node = crtNameForHost(host, 'kube-etcd');
  const script = [
    'rm -rf', RESTORE_DIR,
    '&& /usr/local/bin/etcdctl',
    `--endpoints=[${host.internalAddress}:2379]`,
    '--cacert', certPath('kube-ca'),
    '--cert', certPath(node),
    '--key', keyPath(node),
    'snapshot', 'restore', dbPath(name),
    `--data-dir=${RESTORE_DIR}`,
    `--name=etcd-${host.hostname}`,
    `--initial-cluster=${etcdInitialCluster(ctx.etcdHosts)}`,
    '--initial-cluster-token=etcd-cluster-1',
    `--initial-advertise-peer-urls=https://${host.internalAddress}:2380`,
    '&& mv', `${RESTORE_DIR}*`, '/var/lib/rancher/etcd/',
    '&& rm -rf', RESTORE_DIR,
  ].join(' ');
  return oneShot({
    name: ETCD_RESTORE,
    image: restoreImage(ctx),
    cmd: ['sh', '-c', script],
    env: ['ETCDCTL_API=3', ...ctx.services.etcd.extraEnv],
    binds: binds(ctx, ['/opt/rke/:/opt/rke/:z', `${onHost(host, '/var/lib/etcd')}:/var/lib/rancher/etcd:z`, `${onHost(host, '/etc/kubernetes')}:/etc/kubernetes:z`]),
    networkMode: 'host',
    securityOpt: helperSecurityOpt(ctx, host),
  });
}

/** rke-ts: created (not started) with the snapshot directory bound, to read or write files through the Docker API. */
export function buildSnapshotFiles(ctx: ClusterContext, host: HostContext): ContainerSpec {
  return oneShot({
    name: SNAPSHOT_FILES,
    image: backupImage(ctx),
    cmd: ['true'],
    binds: binds(ctx, [BACKUP_BIND]),
    securityOpt: helperSecurityOpt(ctx, host),
    start: false,
  });
}

/** rke-ts: prints `<size> <mtime> <file>` for each regular file in the snapshot directory. */
export function buildSnapshotLister(ctx: ClusterContext, host: HostContext): ContainerSpec {
  return oneShot({
    name: SNAPSHOT_LISTER,
    image: backupImage(ctx),
    cmd: ['sh', '-c', `cd ${SNAPSHOT_DIR} 2>/dev/null || exit 0; for f in *; do [ -f "$f" ] && echo "$(stat -c '%s %Y' "$f") $f"; done; exit 0`],
    binds: binds(ctx, ['/opt/rke/:/opt/rke/:z']),
    securityOpt: helperSecurityOpt(ctx, host),
  });
}
