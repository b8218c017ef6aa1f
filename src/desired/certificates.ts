/** Which certificate bundle entries cert-deployer writes on a host (RKE1 pki/util.go getCertKeys, pki.GenerateRKENodeCerts). */
import { crtNameForHost } from './common.js';
import type { ClusterContext, HostContext } from './context.js';

export function certificatesForHost(ctx: ClusterContext, host: HostContext): string[] {
  const out: string[] = [];
  const add = (n: string) => {
    if (!out.includes(n)) out.push(n);
  };
  // RKE1 walks the node's roles; every role adds the base list.
  const base = ['kube-ca', 'kube-proxy', 'kube-node'];
  const all = ctx.allNodes;
  for (const role of host.roles) {
    base.forEach(add);
    if (ctx.services.kubelet.generateServingCertificate) all.forEach((h) => add(crtNameForHost(h, 'kube-kubelet')));
    if (role === 'etcd') ctx.etcdHosts.forEach((h) => add(crtNameForHost(h, 'kube-etcd')));
    if (role === 'controlplane') {
      ['kube-apiserver', 'kube-service-account-token', 'kube-controller-manager', 'kube-scheduler'].forEach(add);
      // Bundle entries that do not exist (no external etcd) are skipped by RKE1's ToEnv.
      if (ctx.services.etcd.externalUrls.length > 0) ['kube-etcd-client', 'kube-etcd-client-ca'].forEach(add);
      ['kube-apiserver-requestheader-ca', 'kube-apiserver-proxy-client'].forEach(add);
    }
  }
  return out;
}

