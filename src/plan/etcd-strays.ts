/**
 * etcd members that belong to no etcd host of cluster.yml (pure). A run killed between `member add`
 * and the new member's first start leaves a member that never started; when that host is then
 * taken out of cluster.yml (it died, say), no state records it and RKE1 never looks at it again,
 * yet it counts for quorum: with three members and such a stray, one more failure stops etcd.
 * A never-started member holds no data, so it is removed; a started one that cluster.yml does not
 * name was put there by someone else and is only reported.
 */

export interface ObservedEtcdMember {
  id: string;
  /** `started` or `unstarted`, as `etcdctl member list` says. */
  status: string;
  name: string;
  peerUrls: string[];
  clientUrls: string[];
}

export interface StrayEtcdMember {
  id: string;
  peerUrl: string;
  /** The host part of its peer URL (the internal address a joining host would have had). */
  address: string;
}

export interface EtcdStrays {
  /** Never started, not a host of cluster.yml: to remove. */
  unstarted: StrayEtcdMember[];
  /** Started members that are not hosts of cluster.yml: left alone, reported. */
  foreign: StrayEtcdMember[];
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return url;
  }
};

/** `desiredPeerUrls`: `https://<internal address>:2380` of every etcd host cluster.yml names. */
export function findEtcdStrays(members: readonly ObservedEtcdMember[], desiredPeerUrls: readonly string[]): EtcdStrays {
  const desired = new Set(desiredPeerUrls);
  const strays: EtcdStrays = { unstarted: [], foreign: [] };
  for (const m of members) {
    if (m.peerUrls.some((u) => desired.has(u))) continue;
    const peerUrl = m.peerUrls[0] ?? '';
    const stray = { id: m.id, peerUrl, address: hostOf(peerUrl) };
    if (m.status === 'unstarted') strays.unstarted.push(stray);
    else strays.foreign.push(stray);
  }
  return strays;
}
