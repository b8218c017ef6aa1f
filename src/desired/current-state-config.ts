/**
 * The `rkeConfig` RKE1 records as `currentState` after a successful `rke up` (cluster/state.go
 * UpdateClusterCurrentState copies the cluster's config after a *second* pass of
 * cluster/defaults.go). The passes are idempotent except one: with no `upgrade_strategy` in
 * cluster.yml, the first pass creates it with only the max-unavailable values (that is what
 * `desiredState` holds), and the second adds the node drain input. Recorded from RKE1 v1.7.0:
 * test/fixtures/rke1/inspect/<variant>/cluster.rkestate. Pure; works on the state-file JSON (camelCase).
 */
// The same defaults src/config applies to a cluster.yml that names upgrade_strategy.
import { DEFAULTS } from '../config/constants.js';

type Json = Record<string, unknown>;

export function currentStateRkeConfig<T extends Json | undefined>(rkeConfig: T): T {
  const strategy = rkeConfig?.upgradeStrategy as Json | undefined;
  if (!rkeConfig || !strategy || strategy.drain === true || strategy.nodeDrainInput) return rkeConfig;
  // Go field order of NodeDrainInput with omitempty: force/deleteLocalData are false and dropped.
  const nodeDrainInput = {
    ignoreDaemonSets: true,
    gracePeriod: DEFAULTS.nodeDrainGracePeriod,
    timeout: DEFAULTS.nodeDrainTimeout,
  };
  return { ...rkeConfig, upgradeStrategy: { ...strategy, nodeDrainInput } };
}
