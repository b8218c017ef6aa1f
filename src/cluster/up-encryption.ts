/**
 * `rke up` with RKE1's secrets-encryption reconciliation (cluster/encryption.go
 * ReconcileEncryptionProviderConfig) around the ordinary run:
 *  - enabled, or its provider file changed: after the run every Secret is rewritten, so the ones
 *    stored before are encrypted with the new first provider too;
 *  - disabled: first a run with an identity-first file (kube-apiserver restarted one control plane
 *    at a time), every Secret rewritten in plaintext, then the ordinary run drops the file. Without
 *    that step kube-apiserver would come back unable to read any Secret stored encrypted.
 */
import { readFile } from 'node:fs/promises';
import { kubeClientsFromKubeconfig } from '../k8s/client.js';
import type { Logger } from '../log/logger.js';
import { readStateFileIfExists, stateFilePath } from '../state/index.js';
import { loadClusterConfig } from '../config/index.js';
import { loadVersionTableAsync } from '../versions/index.js';
import { appliedEncryptionConfig, identityFirstProviderFile, isEncryptionEnabled } from './encryption-config.js';
import { rewriteSecrets } from './encryption-rewrite.js';
import { up, type ClusterCommandOptions, type UpResult } from './up.js';

async function rewriteAll(kubeconfigPath: string, log: Logger): Promise<number> {
  const kube = kubeClientsFromKubeconfig(await readFile(kubeconfigPath, 'utf8'));
  return rewriteSecrets(kube.core, log);
}

/** The identity-first file to run with first when cluster.yml turns encryption off; else undefined. */
async function disablingStep(opts: ClusterCommandOptions): Promise<string | undefined> {
  const previous = await readStateFileIfExists(stateFilePath(opts.configPath));
  const applied = previous ? appliedEncryptionConfig(previous) : '';
  if (applied === '') return undefined;
  // cluster.yml alone says whether encryption stays on (no state rebuild needed for that)
  const table = await loadVersionTableAsync();
  const { config } = await loadClusterConfig(opts.configPath, { table, ...(opts.flags ? { flags: opts.flags } : {}) });
  if (isEncryptionEnabled(config)) return undefined;
  if (!config.nodes?.some((n) => n.role?.includes('controlplane'))) return undefined;
  return identityFirstProviderFile(applied);
}

export async function upReconcilingEncryption(opts: ClusterCommandOptions): Promise<UpResult> {
  const log = opts.log;
  const identityFirst = await disablingStep(opts);
  if (identityFirst) {
    log.info('[controlplane] Disabling Secrets Encryption..');
    // A crash from here on leaves the identity-first file as the applied one: the next run repeats this.
    const staged = await up({ ...opts, parallelism: 1, encryptionProviderOverride: identityFirst });
    await rewriteAll(staged.kubeconfigPath, log);
  }
  const result = await up(opts);
  if (result.encryption === 'enable' || result.encryption === 'change') {
    log.info(`[controlplane] Secrets encryption ${result.encryption === 'enable' ? 'enabled' : 'provider config changed'}: rewriting every Secret`);
    await rewriteAll(result.kubeconfigPath, log);
  }
  if (identityFirst) log.info('[controlplane] Secrets Encryption is disabled successfully');
  return result;
}
