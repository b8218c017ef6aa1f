/**
 * Secrets encryption at rest, the pure part (RKE1 cluster/encryption.go): which provider file a
 * cluster.yml asks for, RKE1-shaped keys, the active key of a file, and the files of a rotation.
 */
import { randomBytes } from 'node:crypto';
import { parse, stringify } from 'yaml';
import type { ClusterConfig } from '../config/index.js';
import { RkeError } from '../errors.js';
import { encryptionConfigFromCustom, encryptionConfigWithKeys, type EncryptionKey } from '../desired/index.js';
import type { FullState } from '../state/index.js';

export type { EncryptionKey };

/** k8s.io/apimachinery utilrand.String's alphabet (no vowels, no look-alikes). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * RKE1 generateEncryptionKey: name `k-xxxxx` (norman GenerateName("key")), secret = base64url of the
 * upper-case hex of 16 random bytes, i.e. a 32-byte AES-256 key.
 */
export function generateEncryptionKey(random: (n: number) => Buffer = randomBytes): EncryptionKey {
  const pick = random(5);
  let suffix = '';
  for (const b of pick) suffix += NAME_ALPHABET[b % NAME_ALPHABET.length];
  const hex = random(16).toString('hex').toUpperCase();
  // Go base64.URLEncoding: URL alphabet, with '=' padding
  const secret = Buffer.from(hex, 'ascii').toString('base64').replaceAll('+', '-').replaceAll('/', '_');
  return { name: `k-${suffix}`, secret };
}

export function isEncryptionEnabled(config: ClusterConfig | undefined): boolean {
  return config?.services?.['kube-api']?.secrets_encryption_config?.enabled === true;
}

export function isEncryptionCustom(config: ClusterConfig | undefined): boolean {
  return isEncryptionEnabled(config) && config?.services?.['kube-api']?.secrets_encryption_config?.custom_config != null;
}

/**
 * The provider file the desired state carries (RKE1 InitClusterObject + updateEncryptionConfig):
 * custom_config is always rendered from cluster.yml; a generated config is kept once made;
 * disabled means none.
 */
export function desiredEncryptionConfig(config: ClusterConfig, rebuilt: string | undefined): string | undefined {
  if (!isEncryptionEnabled(config)) return undefined;
  if (isEncryptionCustom(config)) return encryptionConfigFromCustom(config.services?.['kube-api']?.secrets_encryption_config?.custom_config);
  return rebuilt;
}

/** What state/rebuild needs to make a first provider file (one fresh key, RKE1's template). */
export function encryptionRebuildOptions(config: ClusterConfig): { enabled: boolean; generate: () => string } {
  return {
    enabled: isEncryptionEnabled(config),
    generate: () =>
      isEncryptionCustom(config)
        ? encryptionConfigFromCustom(config.services?.['kube-api']?.secrets_encryption_config?.custom_config)
        : encryptionConfigWithKeys([generateEncryptionKey()]),
  };
}

function parseProviderFile(providerFile: string): unknown {
  try {
    return parse(providerFile);
  } catch (err) {
    throw new RkeError(`can't read the encryption provider config: ${(err as Error).message}`, {}, { cause: err });
  }
}

/** RKE1 extractActiveKey: the first aescbc key of the first provider of the first resource. */
export function activeEncryptionKey(providerFile: string): EncryptionKey {
  const doc = parseProviderFile(providerFile);
  const key = (doc as { resources?: { providers?: { aescbc?: { keys?: { name?: unknown; secret?: unknown }[] } }[] }[] } | null)?.resources?.[0]
    ?.providers?.[0]?.aescbc?.keys?.[0];
  if (typeof key?.name !== 'string' || typeof key.secret !== 'string') {
    throw new RkeError("can't rotate encryption keys: the active provider of the encryption provider config is not an aescbc key");
  }
  return { name: key.name, secret: key.secret };
}

/** The provider file the cluster runs with now: currentState's, else the one desired (RKE1 cmd/encryption.go). */
export function appliedEncryptionConfig(state: FullState): string {
  return state.currentState.encryptionConfig || state.desiredState.encryptionConfig || '';
}

export interface RotationStage {
  /** What the stage does, for the log. */
  what: string;
  providerFile: string;
  /** Rewrite every Secret after this file is live on all control planes. */
  rewriteSecrets: boolean;
}

/**
 * Key rotation without a window in which one kube-apiserver cannot read what another wrote:
 *  1. the new key is added as a secondary (every control plane can read it before any writes it);
 *  2. the new key is promoted (writes use it; the old one still reads), then every Secret is rewritten;
 *  3. the old key is removed.
 * RKE1 goes straight to step 2 (RotateEncryptionKey); step 1 is what the Kubernetes docs prescribe
 * for more than one kube-apiserver and costs one rolling restart.
 */
export function keyRotationStages(oldKey: EncryptionKey, newKey: EncryptionKey): RotationStage[] {
  return [
    { what: `adding new encryption key [${newKey.name}] as secondary`, providerFile: encryptionConfigWithKeys([oldKey, newKey]), rewriteSecrets: false },
    { what: `promoting encryption key [${newKey.name}]`, providerFile: encryptionConfigWithKeys([newKey, oldKey]), rewriteSecrets: true },
    { what: `removing old encryption key [${oldKey.name}]`, providerFile: encryptionConfigWithKeys([newKey]), rewriteSecrets: false },
  ];
}

/**
 * The provider file that stops encrypting but still reads what was encrypted: `identity` first,
 * then every provider of `applied` (RKE1 generateDisabledEncryptionProviderFile, which keeps only
 * the active key; keeping them all also covers a file left in the middle of a key rotation).
 */
export function identityFirstProviderFile(applied: string): string {
  const doc = parseProviderFile(applied);
  const resources = (doc as { resources?: unknown } | null)?.resources;
  if (!Array.isArray(resources) || resources.length === 0) throw new RkeError("can't read the encryption provider config: it has no resources");
  const withIdentityFirst = resources.map((r: { providers?: Record<string, unknown>[] }) => ({
    ...r,
    providers: [{ identity: {} }, ...(r.providers ?? []).filter((p) => !('identity' in p))],
  }));
  return stringify({ ...(doc as object), resources: withIdentityFirst });
}

export type EncryptionTransition = 'enable' | 'disable' | 'change' | 'none';

/**
 * What turning `applied` (the file the cluster runs with, '' for none) into `desired` takes (RKE1
 * ReconcileEncryptionProviderConfig): enabling or changing it rewrites every Secret after the run
 * (so existing ones are stored with the new first provider); disabling it first runs an
 * identity-first file and rewrites every Secret in plaintext, or they could no longer be read.
 */
export function encryptionTransition(applied: string, desired: string): EncryptionTransition {
  if (applied === desired) return 'none';
  if (desired === '') return 'disable';
  return applied === '' ? 'enable' : 'change';
}
