/**
 * buildDesiredCluster: config + version table + node facts → the exact containers, files and
 * certificates RKE1 would put on each host (cluster/plan.go BuildRKEConfigNodePlan + SetUpHosts).
 * Pure and synchronous.
 */
import { buildClusterContext, type ClusterContext, type DesiredStateInput, type HostContext } from './context.js';
import { buildClusterFiles, filesForHost, type ClusterFiles } from './cluster-files.js';
import { certificatesForHost } from './certificates.js';
import { buildEtcd } from './containers/etcd.js';
import { buildEtcdRollingSnapshots, snapshotImage } from './containers/etcd-rolling-snapshots.js';
import { buildKubeApiserver } from './containers/kube-apiserver.js';
import { buildKubeControllerManager } from './containers/kube-controller-manager.js';
import { buildKubeProxy } from './containers/kube-proxy.js';
import { buildKubeScheduler } from './containers/kube-scheduler.js';
import { buildKubelet } from './containers/kubelet.js';
import { buildNginxProxy } from './containers/nginx-proxy.js';
import { buildServiceSidekick } from './containers/service-sidekick.js';
import type { ContainerSpec, DesiredCluster, DesiredHost } from './types.js';

export function desiredContainersForHost(ctx: ClusterContext, host: HostContext, files: ClusterFiles): Record<string, ContainerSpec> {
  const list: ContainerSpec[] = [buildServiceSidekick(ctx, host), buildKubelet(ctx, host), buildKubeProxy(ctx, host)];
  if (!host.isControl) list.push(buildNginxProxy(ctx, host));
  if (host.isControl) {
    list.push(buildKubeApiserver(ctx, host, files), buildKubeControllerManager(ctx, host), buildKubeScheduler(ctx, host));
  }
  if (host.isEtcd) {
    list.push(buildEtcd(ctx, host));
    if (ctx.services.etcd.snapshot) list.push(buildEtcdRollingSnapshots(ctx, host));
  }
  return Object.fromEntries(list.map((c) => [c.name, c]));
}

export function desiredHost(ctx: ClusterContext, host: HostContext, files: ClusterFiles): DesiredHost {
  return {
    address: host.address,
    internalAddress: host.internalAddress,
    hostname: host.hostname,
    roles: [...host.roles],
    prefixPath: host.prefixPath,
    containers: desiredContainersForHost(ctx, host, files),
    files: filesForHost(files, host),
    certificates: certificatesForHost(ctx, host),
  };
}

export function buildDesiredCluster(input: DesiredStateInput): DesiredCluster {
  const ctx = buildClusterContext(input);
  const files = buildClusterFiles(ctx);
  return {
    kubernetesVersion: ctx.version,
    clusterName: ctx.clusterName,
    hosts: ctx.hosts.map((h) => desiredHost(ctx, h, files)),
    etcdHosts: ctx.etcdHosts.map((h) => h.address),
    controlPlaneHosts: ctx.controlPlaneHosts.map((h) => h.address),
    workerHosts: ctx.workerHosts.map((h) => h.address),
    cloudProvider: { ...ctx.cloud },
    etcdSnapshots: ctx.services.etcd.snapshot,
    externalEtcd: ctx.services.etcd.externalUrls.length > 0,
    etcdSnapshotImage: snapshotImage(ctx.images.alpine, ctx.defaultRkeToolsImage),
    images: {
      alpine: ctx.images.alpine,
      certDownloader: ctx.images.certDownloader,
      nginxProxy: ctx.images.nginxProxy,
      sidecar: ctx.images.sidecar,
    },
  };
}
