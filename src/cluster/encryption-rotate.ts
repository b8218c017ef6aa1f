/**
 * `rke encrypt rotate-key` as a library call (RKE1 cmd/encryption.go + cluster/encryption.go
 * RotateEncryptionKey). Each stage puts a provider file into the desired state on disk and runs the
 * ordinary `up` pipeline with one host at a time, so the file is deployed and kube-apiserver
 * restarted (and health-checked) on one control plane after the other: the API stays served.
 */
import { RkeError } from '../errors.js';
import { writeStateFile } from '../state/index.js';
import {
  activeEncryptionKey,
  appliedEncryptionConfig,
  generateEncryptionKey,
  isEncryptionCustom,
  isEncryptionEnabled,
  keyRotationStages,
  type EncryptionKey,
} from './encryption-config.js';
import { encryptionConfigWithKeys } from '../desired/index.js';
import { rewriteSecretsWithKubeconfig } from './encryption-rewrite.js';
import { prepareState } from './session.js';
import { up, type ClusterCommandOptions } from './up.js';

export interface RotateEncryptionKeyResult {
  oldKey: string;
  newKey: string;
  secretsRewritten: number;
}

/** Puts `providerFile` into the desired state and converges the cluster to it. */
async function applyProviderFile(opts: ClusterCommandOptions, providerFile: string): Promise<string> {
  const prepared = await prepareState(opts);
  const state = { ...prepared.state, desiredState: { ...prepared.state.desiredState, encryptionConfig: providerFile } };
  await writeStateFile(prepared.statePath, state);
  // one host at a time: a rolling restart of kube-apiserver
  try {
    return (await up({ ...opts, parallelism: 1 })).kubeconfigPath;
  } catch (err) {
    // a stage is idempotent (the desired state is on disk): converge once more before giving up
    opts.log.warn(`[controlplane] Encryption key rotation stage failed (${(err as Error).message}); retrying once`);
    return (await up({ ...opts, parallelism: 1 })).kubeconfigPath;
  }
}

export async function rotateEncryptionKey(opts: ClusterCommandOptions, newKey: EncryptionKey = generateEncryptionKey()): Promise<RotateEncryptionKeyResult> {
  const log = opts.log;
  log.info('Rotating cluster secrets encryption key');
  const prepared = await prepareState(opts);
  if (isEncryptionCustom(prepared.config)) {
    throw new RkeError("can't rotate encryption keys: Key Rotation is not supported with custom configuration", { key: 'services.kube-api.secrets_encryption_config.custom_config' });
  }
  const applied = prepared.previous ? appliedEncryptionConfig(prepared.previous) : '';
  if (!isEncryptionEnabled(prepared.config) || applied === '') {
    throw new RkeError(
      "can't rotate encryption keys: Encryption Configuration is disabled. Please disable rotate_encryption_key and run rke up again",
      { key: 'services.kube-api.secrets_encryption_config.enabled' },
    );
  }
  const oldKey = activeEncryptionKey(applied);
  let rewritten = 0;
  for (const stage of keyRotationStages(oldKey, newKey)) {
    log.info(`[controlplane] Encryption key rotation: ${stage.what}`);
    const kubeconfigPath = await applyProviderFile(opts, stage.providerFile);
    if (!stage.rewriteSecrets) continue;
    try {
      rewritten = await rewriteSecretsWithKubeconfig(kubeconfigPath, log);
    } catch (err) {
      // Some Secrets may already be stored with the new key: keep it readable, write with the old one again.
      log.warn(`[rewrite-secrets] ${(err as Error).message}; going back to writing with key [${oldKey.name}]`);
      await applyProviderFile(opts, encryptionConfigWithKeys([oldKey, newKey]));
      throw err;
    }
  }
  log.info('Cluster secrets encryption key rotated successfully');
  return { oldKey: oldKey.name, newKey: newKey.name, secretsRewritten: rewritten };
}
