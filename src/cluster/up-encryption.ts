/**
 * `rke up` with RKE1's secrets-encryption handling (cluster/encryption.go
 * ReconcileEncryptionProviderConfig, and `rotate_encryption_key`) around the ordinary run:
 *  - enabled, or its provider file changed: after the run every Secret is rewritten, so the ones
 *    stored before are encrypted with the new first provider too;
 *  - disabled: first a run with an identity-first file (kube-apiserver restarted one control plane
 *    at a time), every Secret rewritten in plaintext, then the ordinary run drops the file. Without
 *    that step kube-apiserver would come back unable to read any Secret stored encrypted;
 *  - `rotate_encryption_key: true`: the key rotation of `rke encrypt rotate-key`, then the run.
 */
import { loadClusterConfig, type ClusterConfig } from '../config/index.js';
import { readStateFileIfExists, stateFilePath } from '../state/index.js';
import { loadVersionTableAsync } from '../versions/index.js';
import { appliedEncryptionConfig, identityFirstProviderFile, isEncryptionEnabled } from './encryption-config.js';
import { clearRewritePending, markRewritePending, readRewritePending, rewritePendingPath, secretRewriteReason } from './encryption-pending.js';
import { rewriteSecretsWithKubeconfig } from './encryption-rewrite.js';
import { rotateEncryptionKey } from './encryption-rotate.js';
import { up, type ClusterCommandOptions, type UpResult } from './up.js';

async function loadConfig(opts: ClusterCommandOptions): Promise<ClusterConfig> {
  const table = await loadVersionTableAsync();
  return (await loadClusterConfig(opts.configPath, { table, ...(opts.flags ? { flags: opts.flags } : {}) })).config;
}

export async function upReconcilingEncryption(opts: ClusterCommandOptions): Promise<UpResult> {
  const log = opts.log;
  const statePath = stateFilePath(opts.configPath);
  const pendingPath = rewritePendingPath(statePath);
  const pending = await readRewritePending(pendingPath);
  const previous = await readStateFileIfExists(statePath);
  const applied = previous ? appliedEncryptionConfig(previous) : '';
  // cluster.yml alone says what to do (no state rebuild needed for that); only an encrypted cluster asks
  const config = applied !== '' ? await loadConfig(opts) : undefined;
  if (config?.rotate_encryption_key) {
    // RKE1 runs the key rotation instead of the ordinary up; the run after it changes nothing else
    await rotateEncryptionKey(opts);
    await clearRewritePending(pendingPath);
    return up(opts);
  }
  const disabling = config !== undefined && !isEncryptionEnabled(config) && (config.nodes ?? []).some((n) => n.role?.includes('controlplane'));
  if (disabling) {
    log.info('[controlplane] Disabling Secrets Encryption..');
    // A crash from here on leaves the identity-first file as the applied one: the next run repeats this.
    const staged = await up({ ...opts, parallelism: 1, encryptionProviderOverride: identityFirstProviderFile(applied) });
    await rewriteSecretsWithKubeconfig(staged.kubeconfigPath, log);
    await clearRewritePending(pendingPath);
  }
  const result = await up(opts);
  // 'none': this run left the provider file as it was before it
  const encryptionOn = result.encryption === 'none' ? applied !== '' : result.encryption !== 'disable';
  const reason = secretRewriteReason(result.encryption, pending, encryptionOn);
  if (reason) {
    await markRewritePending(pendingPath, reason);
    log.info(`[controlplane] ${reason}: rewriting every Secret`);
    await rewriteSecretsWithKubeconfig(result.kubeconfigPath, log);
    await clearRewritePending(pendingPath);
  }
  if (disabling) log.info('[controlplane] Secrets Encryption is disabled successfully');
  return result;
}
