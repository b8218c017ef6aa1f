/** Reads the addon ConfigMaps and Jobs in kube-system (input of observeAddonChanges). */
import { BatchV1Api } from '@kubernetes/client-node';
import type { KubeClients } from '../k8s/client.js';
import { jobStatusOf } from './deploy.js';
import { ADDON_NAMESPACE } from './job.js';
import type { AddonClusterState } from './observe.js';

export async function readAddonClusterState(clients: KubeClients): Promise<AddonClusterState> {
  const batch = clients.config.makeApiClient(BatchV1Api);
  const [configMaps, jobs] = await Promise.all([
    clients.core.listNamespacedConfigMap({ namespace: ADDON_NAMESPACE }),
    batch.listNamespacedJob({ namespace: ADDON_NAMESPACE }),
  ]);
  const state: AddonClusterState = { configMaps: {}, jobs: {} };
  for (const cm of configMaps.items) {
    if (cm.metadata?.name) state.configMaps[cm.metadata.name] = cm.data ?? {};
  }
  for (const job of jobs.items) {
    if (!job.metadata?.name) continue;
    state.jobs[job.metadata.name] = jobStatusOf(job);
  }
  return state;
}
