/** Bridges src/addons to the plan (what would change) and the runner (deploy them all, RKE1 order). */
import { addonSteps, applyAuthzResources, deployAllAddons, observeAddonChanges, readAddonClusterState } from '../addons/index.js';
import type { KubeClients } from '../k8s/client.js';
import type { Logger } from '../log/logger.js';
import type { AddonChangeInput } from '../plan/plan-cluster.js';
import type { PreparedState } from './session.js';

export async function addonChanges(prepared: PreparedState, kube: KubeClients | undefined): Promise<AddonChangeInput[]> {
  const input = { config: prepared.config, version: prepared.version };
  const steps = addonSteps(input);
  const state = kube ? await readAddonClusterState(kube) : { configMaps: {}, jobs: {} };
  return observeAddonChanges(steps, state).map((c) => ({ resource: c.resource, action: c.action, reason: c.reason }));
}

/**
 * RKE1 ApplyAuthzResources, right after the control plane: kubelets authenticate as the group
 * system:nodes with CN system:node (no node name), so they can register only once the system:node
 * binding exists.
 */
export async function applyAuthz(prepared: PreparedState, kube: KubeClients, log: Logger): Promise<void> {
  await applyAuthzResources(kube, prepared.config, { log });
}

/** RKE1 ConfigureCluster: every addon in order (network plugin, DNS, metrics, ingress, user addons). */
export async function deployAddons(prepared: PreparedState, kube: KubeClients, log: Logger): Promise<void> {
  await deployAllAddons(kube, { config: prepared.config, version: prepared.version }, { log });
}
