/**
 * The hardened profiles `profile:` in cluster.yml accepts (an rke-ts extension: RKE1's parser ignores
 * the key). `cis` always means the newest CIS mapping; `cis-1.8` names it explicitly, the way RKE2's
 * legacy `cis-1.x` values did.
 */
export const PROFILE_NAMES = ['cis', 'cis-1.8'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export function isProfileName(value: string): value is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(value);
}
