/**
 * What a hardened profile needs from a host before `rke up` touches it (pure): RKE2 checks the same
 * and, like RKE2, rke-ts never changes the host's kernel settings or accounts itself.
 */
import { ETCD_ACCOUNT, REQUIRED_SYSCTLS } from '../profile/cis.js';
import type { NodeFacts } from './facts.js';

export interface HostRequirementFacts {
  address: string;
  roles: NodeFacts['roles'];
  sysctls: NodeFacts['sysctls'];
  accounts: NodeFacts['accounts'];
}

/** One message per unmet requirement, each naming the host and the setting. */
export function hostRequirementProblems(host: HostRequirementFacts, etcdIds: { uid: number; gid: number } | undefined): string[] {
  const problems: string[] = [];
  for (const [name, wanted] of Object.entries(REQUIRED_SYSCTLS)) {
    const actual = host.sysctls[name];
    if (actual !== wanted) {
      problems.push(
        `[${host.address}] sysctl ${name} is ${actual === undefined ? 'unreadable' : `[${actual}]`}, the kubelet's --protect-kernel-defaults needs [${wanted}] ` +
          `(set it in /etc/sysctl.d/90-kubelet.conf and run sysctl --system)`,
      );
    }
  }
  if (etcdIds && host.roles.includes('etcd')) {
    const uid = host.accounts.users[ETCD_ACCOUNT];
    const gid = host.accounts.groups[ETCD_ACCOUNT];
    if (uid !== etcdIds.uid || gid !== etcdIds.gid) {
      const found = uid === undefined ? 'no etcd user' : `etcd user uid ${uid}${gid === undefined ? ', no etcd group' : `, etcd group gid ${gid}`}`;
      problems.push(
        `[${host.address}] etcd runs as ${etcdIds.uid}:${etcdIds.gid} and must own its data as etcd:etcd, found ${found} ` +
          `(groupadd -g ${etcdIds.gid} ${ETCD_ACCOUNT} && useradd -r -u ${etcdIds.uid} -g ${etcdIds.gid} -s /sbin/nologin -M ${ETCD_ACCOUNT})`,
      );
    }
  }
  return problems;
}
