/** Private registry helpers (cluster/defaults.go: the registry map keys an empty url as docker.io). */
import { DEFAULTS } from './constants.js';
import type { PrivateRegistryConfig } from './schema/cluster.js';

/** The registry host RKE1 uses for credentials; cluster.yml and the state keep the url as written. */
export function privateRegistryUrl(registry: PrivateRegistryConfig): string {
  return registry.url || DEFAULTS.dockerRegistry;
}
