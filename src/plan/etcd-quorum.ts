/**
 * Whether taking etcd members away keeps the cluster able to reach quorum. Pure: it simulates the
 * removals one at a time (unreachable members first, they cost nothing) and checks that after each
 * one the reachable members still form a majority of the members left.
 */
import { RkeError } from '../errors.js';

export interface EtcdMemberHost {
  address: string;
  hostname: string;
}

/** Removing etcd members would lose quorum; `--force-etcd-removal` overrides it. */
export class EtcdQuorumError extends RkeError {}

export const etcdQuorum = (members: number): number => Math.floor(members / 2) + 1;

export interface EtcdRemovalCheck {
  /** Members to remove, in the order they are removed (unreachable ones first). */
  removals: EtcdMemberHost[];
  /** No member of the current etcd plane stays: RKE1 refuses this outright. */
  planeReplaced: boolean;
  /** Every reason the removal would break quorum; empty when it is safe. */
  problems: string[];
}

const names = (hosts: Iterable<string>) => `[${[...hosts].join(', ')}]`;

export function checkEtcdRemoval(current: EtcdMemberHost[], desiredAddresses: readonly string[], reachable: ReadonlySet<string>): EtcdRemovalCheck {
  const keep = new Set(desiredAddresses);
  const removed = current.filter((m) => !keep.has(m.address));
  const removals = [...removed.filter((m) => !reachable.has(m.address)), ...removed.filter((m) => reachable.has(m.address))];
  const staying = current.filter((m) => keep.has(m.address));
  if (removed.length === 0) return { removals, planeReplaced: false, problems: [] };
  if (staying.length === 0) return { removals, planeReplaced: true, problems: [] };

  const problems: string[] = [];
  const members = new Set(current.map((m) => m.address));
  const healthy = () => [...members].filter((a) => reachable.has(a));
  if (healthy().length < etcdQuorum(members.size)) {
    const down = [...members].filter((a) => !reachable.has(a));
    problems.push(`etcd has no quorum now: ${healthy().length} of ${members.size} member(s) reachable (unreachable: ${names(down)})`);
  }
  for (const m of removals) {
    members.delete(m.address);
    const up = healthy();
    if (up.length < etcdQuorum(members.size)) {
      const down = [...members].filter((a) => !reachable.has(a));
      problems.push(
        `removing etcd member on host [${m.address}] leaves ${members.size} member(s) of which ${up.length} reachable ${names(up)}, ` +
          `quorum needs ${etcdQuorum(members.size)} (unreachable: ${names(down)})`,
      );
    }
  }
  return { removals, planeReplaced: false, problems };
}

export function etcdQuorumErrorMessage(check: EtcdRemovalCheck): string {
  return (
    `Refusing to remove etcd member(s) on host(s) ${names(check.removals.map((r) => r.address))}: ${check.problems.join('; ')}. ` +
    'Bring the unreachable members back first, or run `rke up --force-etcd-removal` to remove them anyway.'
  );
}

/** RKE1's message when none of the current etcd hosts remain. */
export const ETCD_PLANE_REPLACED = 'Etcd plane nodes are replaced. Stopping provisioning. Please restore your cluster from backup.';
