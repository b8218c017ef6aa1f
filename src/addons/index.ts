/**
 * Cluster addons the way RKE1 deploys them: renderers (pure: effective config + version → objects
 * and manifest text), the ConfigMap + Job mechanism (pure objects and decisions) and the effectful
 * deploy layer (deploy.ts) that talks to the Kubernetes API.
 */
export type { AddonRenderInput } from './input.js';
export { AddonNotImplementedError, AddonTemplateError } from './input.js';
export type { K8sObject, ObjectMeta } from './manifest.js';
export { parseManifestDocuments, sameManifestObjects, toManifest, toYamlDocument } from './manifest.js';
export { flannelObjects, networkPluginManifest, networkPluginObjects } from './network/index.js';
export { corednsObjects, corefile, nodelocalObjects } from './dns/index.js';
export { metricsServerObjects } from './metrics-server.js';
export { ingressDeleteAfter, ingressDeleteBefore, ingressExtraArgs, ingressImageVersion, ingressNginxObjects } from './ingress-nginx.js';
export { authzObjects, jobDeployerObjects, kubeApiProxyObjects, systemNodeBinding } from './authz.js';
export {
  ADDON_NAMESPACE,
  ADDON_RESOURCES,
  ALWAYS_RERUN_RESOURCES,
  JOB_DEPLOYER_SERVICE_ACCOUNT,
  addonConfigMap,
  addonDeleteJob,
  addonDeployJob,
  addonJobObjects,
  deleteJobName,
  deployJobName,
} from './job.js';
export type { AddonJobOptions, AddonResourceName } from './job.js';
export { configMapDecision, jobAction, MISSING_JOB } from './change.js';
export type { AddonJobStatus, ConfigMapChange, ConfigMapDecision, JobAction } from './change.js';
export { addonSteps } from './steps.js';
export type { AddonKind, AddonStep, AddonStepsOptions, DeployStep, LogStep, ObjectRef, RemoveStep, RenderErrorStep } from './steps.js';
export { formatAddonYaml, includedAddonsManifest, isAddonUrl, validateIncludedAddon } from './user.js';
export type { IncludedAddon } from './user.js';
export { firstControlPlaneHost, matchNode } from './node-name.js';
export type { ControlPlaneHostRef } from './node-name.js';
export { observeAddonChanges } from './observe.js';
export type { AddonChange, AddonClusterState } from './observe.js';
export { readAddonClusterState } from './cluster-state.js';
export {
  AddonDeployError,
  DEFAULT_ADDON_JOB_TIMEOUT_SEC,
  addonJobNodeName,
  addonJobStatus,
  applyAuthzResources,
  deployAddon,
  deployAllAddons,
  loadIncludedAddons,
  removeAddon,
  storeAddonConfigMap,
} from './deploy.js';
export type { AddonDeployOptions, AddonDeployResult, AddonSpec, AddonStepOutcome, DeployAllAddonsOptions } from './deploy.js';
