/**
 * The state a failed run leaves when it already changed the etcd member list. A rolled-back or
 * failed run keeps currentState at the last good state, but a member add or remove cannot be
 * rolled back: currentState must count it, or the next run would not know that a host it never
 * recorded is an etcd member (and would leave that member behind when the host is dropped from
 * cluster.yml, costing the cluster its quorum).
 */
import type { FullState, JsonObject, JsonValue } from './types.js';

const addressOf = (n: JsonValue): string | undefined =>
  n !== null && typeof n === 'object' && !Array.isArray(n) && typeof n.address === 'string' ? n.address : undefined;

const rolesOf = (n: JsonObject): string[] => (Array.isArray(n.role) ? n.role.filter((r): r is string => typeof r === 'string') : []);

/**
 * currentState with hosts that joined the etcd cluster added (their cluster.yml entry from
 * desiredState, or the etcd role added to an entry already there) and hosts that left it without
 * the etcd role (they stay listed, so the next run still cleans them when they are gone from
 * cluster.yml). Everything else in currentState is kept as it was.
 */
export function withEtcdMembershipChanges(state: FullState, changes: { joined: readonly string[]; left: readonly string[] }): FullState {
  if (changes.joined.length === 0 && changes.left.length === 0) return state;
  const current = state.currentState.rkeConfig;
  if (!current) return state;
  const desiredNodes = (state.desiredState.rkeConfig?.nodes ?? []) as JsonValue[];
  const nodes = ((current.nodes ?? []) as JsonValue[]).map((n) => structuredClone(n));
  for (const address of changes.joined) {
    const existing = nodes.find((n) => addressOf(n) === address) as JsonObject | undefined;
    if (existing) {
      if (!rolesOf(existing).includes('etcd')) existing.role = [...rolesOf(existing), 'etcd'];
      continue;
    }
    const entry = desiredNodes.find((n) => addressOf(n) === address);
    if (entry) nodes.push(structuredClone(entry));
  }
  for (const address of changes.left) {
    const existing = nodes.find((n) => addressOf(n) === address) as JsonObject | undefined;
    if (existing) existing.role = rolesOf(existing).filter((r) => r !== 'etcd');
  }
  return { ...state, currentState: { ...state.currentState, rkeConfig: { ...current, nodes } } };
}
