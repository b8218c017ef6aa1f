/**
 * MIGRATION.md: the ordered steps, with the exact commands per node, to move the RKE1 cluster onto
 * RKE2 from this bundle, and how to go back. Pure text rendering.
 */
import type { ClusterConfig } from '../config/index.js';
import { joinUrl } from './node-config.js';
import { RKE2_SNAPSHOT_DIR } from './paths.js';
import type { Assessment, MigrationNode, SnapshotInfo } from './types.js';

export const SNAPSHOT_FILE = 'etcd-snapshot.db';
export const RESTORE_PATH = `${RKE2_SNAPSHOT_DIR}/rke1-migration.db`;

const ssh = (n: MigrationNode) => `ssh${n.sshPort === '22' ? '' : ` -p ${n.sshPort}`} ${n.sshUser}@${n.address}`;
const scp = (n: MigrationNode) => `scp${n.sshPort === '22' ? '' : ` -P ${n.sshPort}`}`;
const sudo = (n: MigrationNode) => (n.sshUser === 'root' ? '' : 'sudo ');
const service = (n: MigrationNode) => `rke2-${n.rke2Role}`;

/**
 * RKE1's running containers on a node, in the order they are stopped (kubelet first, etcd last).
 * service-sidekick is left out: it is never running (it only holds volumes).
 */
export function rke1Containers(n: MigrationNode): string[] {
  const r = n.rke1Roles;
  return [
    'kubelet',
    'kube-proxy',
    ...(r.includes('controlplane') ? [] : ['nginx-proxy']),
    ...(r.includes('controlplane') ? ['kube-scheduler', 'kube-controller-manager', 'kube-apiserver'] : []),
    ...(r.includes('etcd') ? ['etcd-rolling-snapshots', 'etcd'] : []),
  ];
}

/** kubectl commands that remove RKE1's addon objects which would clash with RKE2's charts. */
export function addonCleanup(config: ClusterConfig): string[] {
  const k = 'kubectl -n kube-system delete --ignore-not-found';
  const cmds = [`${k} job rke-network-plugin-deploy-job rke-coredns-addon-deploy-job rke-kube-dns-addon-deploy-job rke-nodelocal-addon-deploy-job rke-metrics-addon-deploy-job rke-ingress-controller-deploy-job`];
  const plugin = config.network?.plugin ?? 'canal';
  if (plugin === 'flannel') cmds.push(`${k} daemonset kube-flannel`);
  if (plugin === 'canal') cmds.push(`${k} daemonset canal`, `${k} deployment calico-kube-controllers`);
  if (plugin === 'calico') cmds.push(`${k} daemonset calico-node`, `${k} deployment calico-kube-controllers`);
  const dns = config.dns?.provider ?? 'coredns';
  // kube-dns holds the cluster DNS address that rke2-coredns's Service needs.
  if (dns === 'coredns') cmds.push(`${k} deployment coredns coredns-autoscaler`, `${k} service kube-dns`);
  if (dns === 'kube-dns') cmds.push(`${k} deployment kube-dns kube-dns-autoscaler`, `${k} service kube-dns`);
  if (config.dns?.nodelocal?.ip_address) cmds.push(`${k} daemonset node-local-dns`);
  if ((config.monitoring?.provider ?? 'metrics-server') === 'metrics-server') cmds.push(`${k} deployment metrics-server`, `${k} service metrics-server`);
  if ((config.ingress?.provider ?? 'nginx') === 'nginx') cmds.push('kubectl delete --ignore-not-found namespace ingress-nginx');
  return cmds;
}

function installLine(n: MigrationNode, a: Assessment): string {
  return `${ssh(n)} '${sudo(n)}sh -c "curl -sfL https://get.rke2.io | INSTALL_RKE2_CHANNEL=${a.rke2VersionHint} INSTALL_RKE2_TYPE=${n.rke2Role} sh -"'`;
}

function block(lines: string[]): string {
  return ['```sh', ...lines, '```'].join('\n');
}

export function renderRunbook(a: Assessment, config: ClusterConfig, snapshot: SnapshotInfo | undefined): string {
  const nodes = a.nodes;
  const first = nodes.find((n) => n.first);
  const servers = nodes.filter((n) => n.rke2Role === 'server' && !n.first);
  const agents = nodes.filter((n) => n.rke2Role === 'agent');
  const attention = a.items.filter((i) => i.status === 'manual' || i.status === 'no-equivalent' || i.status === 'unknown');
  const out: string[] = [];
  const p = (...lines: string[]) => out.push(...lines);

  p(`# Moving RKE1 cluster "${a.clusterName}" to RKE2`, '');
  p(
    `Kubernetes ${a.kubernetesVersion} on ${nodes.length} node(s): ${nodes.filter((n) => n.rke2Role === 'server').length} RKE2 server(s), ${agents.length} agent(s).`,
    `Install RKE2 from the ${a.rke2VersionHint} channel (same Kubernetes minor). Run every command from the directory that holds this bundle`,
    '(`BUNDLE=$PWD`); each command names the node it runs on.',
    '',
    '**Nothing on the nodes has changed yet.** The cluster keeps running on RKE1 until step 3. This bundle holds the',
    'cluster CA keys, the service-account key, the secrets-encryption keys and the cluster token: guard it like',
    'cluster.rkestate.',
    '',
  );
  p('## 0. Before you start', '');
  if (snapshot) {
    p(
      `- \`${snapshot.file}\` was taken at ${snapshot.takenAt} from ${snapshot.host} (revision ${snapshot.revision}, ${snapshot.totalKeys} keys,`,
      `  sha256 ${snapshot.sha256}) and restored on trial with \`${snapshot.verifiedWith}\`.`,
      '  Writes to the cluster after that moment are not in it: run `rke migrate rke2` again right before step 3.',
    );
  } else {
    p('- **No etcd snapshot in this bundle** (assessment only, or external etcd): take one before step 3.');
  }
  p(
    '- Keep cluster.yml, cluster.rkestate and kube_config_*.yml: they are what you go back with.',
    '- Read `assessment.txt`. These settings need your decision or hand work before or after the move:',
    '',
  );
  for (const i of attention) p(`  - \`${i.key}\` (${i.status}): ${i.rke2} — ${i.note}`);
  if (attention.length === 0) p('  - none');
  p('');

  p('## 1. Put the files in place (no service changes)', '');
  p('Each node gets its tree from `nodes/<name>/` (config.yaml, registries.yaml, and on servers the CAs, the');
  p('service-account key and the encryption config under /var/lib/rancher/rke2/server).', '');
  const copy: string[] = [];
  for (const n of nodes) {
    copy.push(`# ${n.name}`, `tar -C "$BUNDLE/nodes/${n.name}" -cf - . | ${ssh(n)} '${sudo(n)}tar -C / --no-same-owner -xpf -'`);
  }
  if (first && snapshot) {
    copy.push(
      `# ${first.name}: the snapshot it restores`,
      `${ssh(first)} '${sudo(first)}mkdir -p ${RKE2_SNAPSHOT_DIR}'`,
      `${scp(first)} "$BUNDLE/${snapshot.file}" ${first.sshUser}@${first.address}:/tmp/rke1-migration.db`,
      `${ssh(first)} '${sudo(first)}mv /tmp/rke1-migration.db ${RESTORE_PATH}'`,
    );
  }
  p(block(copy), '');

  p('## 2. Install RKE2 (not started)', '');
  p('The installer only places binaries and systemd units. Air-gapped: use the tarball method with INSTALL_RKE2_ARTIFACT_PATH.', '');
  p(block(nodes.map((n) => `${installLine(n, a)}   # ${n.name}`)), '');

  p('## 3. Stop RKE1 on every node (downtime starts)', '');
  p('Containers are stopped, not removed, and Docker is disabled with its data left in place: that is what going back uses.', '');
  const stop: string[] = [];
  for (const n of [...agents, ...servers, ...(first ? [first] : [])]) {
    const names = rke1Containers(n).join(' ');
    stop.push(
      `# ${n.name}`,
      `${ssh(n)} '${sudo(n)}docker update --restart=no ${names} >/dev/null; ${sudo(n)}docker stop ${names}; ` +
        `${sudo(n)}docker ps -q --filter label=io.kubernetes.pod.namespace | xargs -r ${sudo(n)}docker stop; ` +
        `${sudo(n)}systemctl disable --now docker.service docker.socket'`,
    );
  }
  p(block(stop), '');

  if (first) {
    p(`## 4. First server ${first.name}: restore the snapshot and start`, '');
    p(
      block([
        `${ssh(first)} '${sudo(first)}rke2 server --cluster-reset --cluster-reset-restore-path=${RESTORE_PATH}'`,
        `${ssh(first)} '${sudo(first)}systemctl enable --now rke2-server'`,
        `${ssh(first)} '${sudo(first)}/var/lib/rancher/rke2/bin/kubectl --kubeconfig /etc/rancher/rke2/rke2.yaml get nodes'`,
      ]),
      '',
    );
    p('## 5. Remove RKE1 addon objects that RKE2 replaces with its charts', '');
    p(`On ${first.name}, with \`KUBECONFIG=/etc/rancher/rke2/rke2.yaml\` and \`PATH=$PATH:/var/lib/rancher/rke2/bin\`:`, '');
    p(block(addonCleanup(config)), '');
  }

  if (servers.length > 0) {
    p('## 6. Other servers, one at a time', '');
    p(`Each joins ${first ? joinUrl(first) : 'the first server'}; wait for \`Ready\` before the next one.`, '');
    p(block(servers.map((n) => `${ssh(n)} '${sudo(n)}systemctl enable --now rke2-server'   # ${n.name}`)), '');
  }
  if (agents.length > 0) {
    p('## 7. Agents', '');
    p(block(agents.map((n) => `${ssh(n)} '${sudo(n)}systemctl enable --now rke2-agent'   # ${n.name}`)), '');
  }

  p('## 8. Check', '');
  p(
    '- `kubectl get nodes -o wide`: every node Ready under its old name.',
    '- The old `kube_config_*.yml` still works against a server address: the CA and kube-admin certificate are unchanged.',
    '- Service-account tokens issued before the move are still accepted (same key, issuer `rke`, audience `unknown`).',
    '- `kubectl get secrets -A` reads every Secret (the encryption keys came along).',
    '- Workloads restart on containerd: images are pulled again.',
    '',
  );
  p('## 9. After you are satisfied (no way back after this)', '');
  p(
    block(
      nodes.map(
        (n) =>
          `${ssh(n)} '${sudo(n)}systemctl start docker; ${sudo(n)}docker rm -f ${[...rke1Containers(n), 'service-sidekick'].join(' ')}; ${sudo(n)}systemctl disable --now docker.service docker.socket; ${sudo(n)}rm -rf /etc/kubernetes /opt/rke /var/lib/etcd'   # ${n.name}`,
      ),
    ),
    '',
  );

  p('## Going back to RKE1 (any time before step 9)', '');
  p('Whatever was written to the cluster while RKE2 ran is lost: RKE1 comes back with its etcd data as of step 3.', '');
  const back: string[] = [];
  for (const n of [...(first ? [first] : []), ...servers, ...agents]) {
    const start = [...rke1Containers(n)].reverse().join(' ');
    back.push(
      `# ${n.name}`,
      `${ssh(n)} '${sudo(n)}systemctl disable --now ${service(n)}; ${sudo(n)}rke2-killall.sh; ${sudo(n)}rke2-uninstall.sh; ` +
        `${sudo(n)}systemctl enable --now docker.socket docker.service; ${sudo(n)}docker update --restart=always ${start} >/dev/null; ${sudo(n)}docker start ${start}'`,
    );
  }
  p(block(back), '');
  p('Then, from the workstation: `rke up --config cluster.yml` (converges anything the stop left behind).', '');
  return `${out.join('\n')}\n`;
}
