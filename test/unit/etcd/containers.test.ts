/** The snapshot helper containers as RKE1 services/etcd.go builds them. */
import { describe, expect, it } from 'vitest';
import { buildClusterContext } from '../../../src/desired/index.js';
import {
  backupImage,
  buildChecksumChecker,
  buildDownloadFromS3,
  buildEtcdRestore,
  buildRemoveSnapshot,
  buildSnapshotFiles,
  restoreImage,
} from '../../../src/etcd/index.js';
import { inputFor } from '../desired/fixtures.js';

const nodes = [
  { address: '10.0.0.1', hostname_override: 'n1', role: ['etcd', 'controlplane', 'worker'] },
  { address: '10.0.0.2', hostname_override: 'n2', role: ['etcd', 'worker'] },
];
const ctx = buildClusterContext(inputFor({ nodes, services: { etcd: { extra_env: ['A=1'] } } }));
const h1 = ctx.etcdHosts[0]!;
const s3 = { endpoint: '10.0.0.9:9443', bucket_name: 'b', region: 'r', access_key: 'AK', secret_key: 'SK', custom_ca: 'PEM', folder: 'f' };

describe('snapshot helper containers', () => {
  it('etcd-restore: etcdctl snapshot restore into a fresh data dir with the full member list, RKE1 binds', () => {
    const c = buildEtcdRestore(ctx, h1, 'snap');
    expect(c.name).toBe('etcd-restore');
    expect(c.cmd[0]).toBe('sh');
    expect(c.cmd[2]).toBe(
      'rm -rf /opt/rke/etcd-snapshots-restore/ && /usr/local/bin/etcdctl --endpoints=[10.0.0.1:2379] --cacert /etc/kubernetes/ssl/kube-ca.pem ' +
        '--cert /etc/kubernetes/ssl/kube-etcd-10-0-0-1.pem --key /etc/kubernetes/ssl/kube-etcd-10-0-0-1-key.pem snapshot restore /opt/rke/etcd-snapshots/snap ' +
        '--data-dir=/opt/rke/etcd-snapshots-restore/ --name=etcd-n1 --initial-cluster=etcd-n1=https://10.0.0.1:2380,etcd-n2=https://10.0.0.2:2380 ' +
        '--initial-cluster-token=etcd-cluster-1 --initial-advertise-peer-urls=https://10.0.0.1:2380 && mv /opt/rke/etcd-snapshots-restore/* /var/lib/rancher/etcd/ ' +
        '&& rm -rf /opt/rke/etcd-snapshots-restore/',
    );
    expect(c.env).toEqual(['ETCDCTL_API=3', 'A=1']);
    expect(c.binds).toEqual(['/opt/rke/:/opt/rke/', '/var/lib/etcd:/var/lib/rancher/etcd', '/etc/kubernetes:/etc/kubernetes']);
    expect(c.networkMode).toBe('host');
  });

  it('restore image: rke-tools for distroless mirrored-coreos-etcd >= v3.5.7, else the etcd image', () => {
    expect(ctx.images.etcd).toMatch(/mirrored-coreos-etcd:v3\.5\.(\d\d|[7-9])/);
    expect(restoreImage(ctx)).toBe(backupImage(ctx));
    const old = { ...ctx, images: { ...ctx.images, etcd: 'rancher/mirrored-coreos-etcd:v3.5.6' } };
    expect(restoreImage(old)).toBe('rancher/mirrored-coreos-etcd:v3.5.6');
    const custom = { ...ctx, images: { ...ctx.images, etcd: 'my/etcd:v3.5.16' } };
    expect(restoreImage(custom)).toBe('my/etcd:v3.5.16');
  });

  it('etcd-download-backup from S3: RKE1 flags, base64 keys in env, base64 CA', () => {
    const c = buildDownloadFromS3(ctx, h1, 'snap', s3);
    expect(c.cmd).toEqual([
      '/opt/rke-tools/rke-etcd-backup', 'etcd-backup', 'download', '--name', 'snap',
      '--s3-backup=true', '--s3-endpoint=10.0.0.9:9443', '--s3-bucketName=b', '--s3-region=r',
      `--s3-endpoint-ca=${Buffer.from('PEM').toString('base64')}`, '--s3-folder=f',
    ]);
    expect(c.env).toEqual(['A=1', `S3_ACCESS_KEY=${Buffer.from('AK').toString('base64')}`, `S3_SECRET_KEY=${Buffer.from('SK').toString('base64')}`]);
    expect(c.binds).toEqual(['/opt/rke/etcd-snapshots/:/backup', '/etc/kubernetes:/etc/kubernetes']);
  });

  it('etcd-remove-snapshot: --cleanup only for the unzipped leftover; S3 flags when removing from S3', () => {
    expect(buildRemoveSnapshot(ctx, h1, 'snap', { cleanup: true }).cmd).toEqual(['/opt/rke-tools/rke-etcd-backup', 'etcd-backup', 'delete', '--name', 'snap', '--cleanup']);
    const c = buildRemoveSnapshot(ctx, h1, 'snap', { cleanup: false, s3 });
    expect(c.cmd.slice(5, 7)).toEqual(['--s3-backup', '--s3-endpoint=10.0.0.9:9443']);
    expect(c.binds).toEqual(['/opt/rke/etcd-snapshots/:/backup']);
  });

  it('checksum checker and the file container bind the snapshot directory; the file container is never started', () => {
    expect(buildChecksumChecker(ctx, h1, 'snap').cmd).toEqual(['sh', '-c', "md5sum /opt/rke/etcd-snapshots/snap | cut -f1 -d' ' | tr -d '\\n'"]);
    expect(buildSnapshotFiles(ctx, h1)).toMatchObject({ start: false, binds: ['/opt/rke/etcd-snapshots/:/backup'] });
  });
});
