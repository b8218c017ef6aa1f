/** Hardened profiles (`profile: cis` in cluster.yml): what they require and the pure config overlay. */
export { PROFILE_NAMES, isProfileName, type ProfileName } from './names.js';
export {
  DEFAULT_ETCD_ID,
  DEFAULT_POLICY_NAMESPACES,
  ETCD_ACCOUNT,
  NETWORK_POLICY_PLUGINS,
  PSA_EXEMPT_NAMESPACES,
  REQUIRED_FLAGS,
  REQUIRED_SYSCTLS,
  STRONG_TLS_CIPHER_SUITES,
  type HardenedService,
  type RequiredFlag,
} from './cis.js';
export { applyProfile, profileNotes, type ProfileOverlay } from './overlay.js';
export { defaultNetworkPolicies, pluginEnforcesNetworkPolicy, DEFAULT_POLICY_NAME } from './network-policies.js';
