/**
 * /etc/kubernetes/ssl/encryption.yaml (secrets encryption). Its content lives in the cluster state
 * (random keys), so the desired-state builder takes it as input; these renderers reproduce RKE1's
 * templates (templates/encryption_provider.go) for the code that creates or rotates keys.
 */
export const ENCRYPTION_PROVIDER_PATH = '/etc/kubernetes/ssl/encryption.yaml';

export interface EncryptionKey {
  name: string;
  secret: string;
}

/** Keys first (newest first), identity last: RKE1's MultiKeyEncryptionProviderFile. */
export function encryptionConfigWithKeys(keys: readonly EncryptionKey[]): string {
  const keyLines = keys.map((k) => `\n      - name: ${k.name}\n        secret: ${k.secret}`).join('');
  return (
    'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources:\n  - secrets\n' +
    `  providers:\n  - aescbc:\n      keys:${keyLines}\n  - identity: {}`
  );
}

/** identity first, then the key: RKE1's DisabledEncryptionProviderFile (used while turning encryption off/on). */
export function encryptionConfigIdentityFirst(key: EncryptionKey): string {
  return (
    'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources:\n  - secrets\n' +
    `  providers:\n  - identity: {}\n  - aescbc:\n      keys:\n      - name: ${key.name}\n        secret: ${key.secret}`
  );
}
