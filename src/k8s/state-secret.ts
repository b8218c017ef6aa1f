import type { KubeClients } from './client.js';
import { isNotFound } from './client.js';

/** RKE1's in-cluster copy of cluster.rkestate (shared/reference/rke1-part2.md §5.3). */
export const FULL_STATE_NAME = 'full-cluster-state';
const NAMESPACE = 'kube-system';

/**
 * Creates or updates Secret kube-system/full-cluster-state with the compact JSON of the state,
 * and deletes the legacy ConfigMap of the same name, as RKE1 does on every save.
 */
export async function saveFullStateToCluster(clients: KubeClients, stateJson: string): Promise<void> {
  const data = { [FULL_STATE_NAME]: Buffer.from(stateJson, 'utf8').toString('base64') };
  try {
    const existing = await clients.core.readNamespacedSecret({ name: FULL_STATE_NAME, namespace: NAMESPACE });
    existing.data = data;
    await clients.core.replaceNamespacedSecret({ name: FULL_STATE_NAME, namespace: NAMESPACE, body: existing });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await clients.core.createNamespacedSecret({
      namespace: NAMESPACE,
      body: { metadata: { name: FULL_STATE_NAME, namespace: NAMESPACE }, data },
    });
  }
  try {
    await clients.core.deleteNamespacedConfigMap({ name: FULL_STATE_NAME, namespace: NAMESPACE });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Reads the state JSON from the Secret, falling back to the legacy ConfigMap; undefined when neither exists. */
export async function readFullStateFromCluster(clients: KubeClients): Promise<string | undefined> {
  try {
    const secret = await clients.core.readNamespacedSecret({ name: FULL_STATE_NAME, namespace: NAMESPACE });
    const encoded = secret.data?.[FULL_STATE_NAME];
    if (encoded !== undefined) return Buffer.from(encoded, 'base64').toString('utf8');
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  try {
    const cm = await clients.core.readNamespacedConfigMap({ name: FULL_STATE_NAME, namespace: NAMESPACE });
    return cm.data?.[FULL_STATE_NAME];
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return undefined;
  }
}
