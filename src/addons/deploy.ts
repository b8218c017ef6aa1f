/**
 * Carries out the addon steps against a cluster the way RKE1 does (cluster/addons.go
 * doAddonDeploy/doAddonDelete, k8s/configmap.go, k8s/job.go): store the manifest in its
 * ConfigMap, run (or re-run) the deploy Job on the first control plane node, wait for it up to
 * addon_job_timeout. The decisions come from change.ts; this module only talks to the API.
 */
import { readFile, stat } from 'node:fs/promises';
import { BatchV1Api, type KubernetesObject, type V1Job } from '@kubernetes/client-node';
import type { ClusterConfig } from '../config/index.js';
import { RkeError } from '../errors.js';
import { apiStatus, isNotFound, type KubeClients } from '../k8s/client.js';
import { log as defaultLog, type Logger } from '../log/logger.js';
import { authzObjects } from './authz.js';
import { configMapDecision, jobAction, MISSING_JOB, type AddonJobStatus, type ConfigMapChange, type JobAction } from './change.js';
import { systemImage, type AddonRenderInput } from './input.js';
import { ADDON_NAMESPACE, addonConfigMap, addonDeleteJob, addonDeployJob, deleteJobName, deployJobName, type AddonJobOptions } from './job.js';
import type { K8sObject } from './manifest.js';
import { firstControlPlaneHost, matchNode, type ControlPlaneHostRef } from './node-name.js';
import { addonSteps, type AddonKind, type AddonStep, type ObjectRef } from './steps.js';
import { isAddonUrl, validateIncludedAddon, type IncludedAddon } from './user.js';

/** RKE1 k8s.DefaultTimeout: addon_job_timeout when unset. */
export const DEFAULT_ADDON_JOB_TIMEOUT_SEC = 45;
/** RKE1 k8s.DefaultSleepSeconds: the poll interval of every retry loop. */
const DEFAULT_POLL_MS = 5000;
/** RKE1 UpdateStateTimeout: how long saving an addon ConfigMap is retried. */
const CONFIGMAP_TIMEOUT_MS = 30_000;
/** RKE1 k8s.MaxRetries × RetryInterval for finding the job's Node. */
const NODE_LOOKUP_RETRIES = 5;

export class AddonDeployError extends RkeError {
  constructor(
    readonly resource: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, { key: resource }, options);
  }
}

export interface AddonDeployOptions extends AddonJobOptions {
  /** addon_job_timeout in seconds (default 45). */
  timeoutSec?: number;
  log?: Logger;
  /** Poll interval of the wait loops (RKE1: 5 s). Tests shorten it. */
  pollIntervalMs?: number;
  /** How long saving the ConfigMap is retried (RKE1: 30 s). */
  configMapTimeoutMs?: number;
}

export interface AddonSpec {
  resource: string;
  manifest: string;
}

export interface AddonDeployResult {
  resource: string;
  configMap: ConfigMapChange;
  job: JobAction;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it resolves or `timeoutMs` has passed, then rethrows its last error. */
async function retryUntil<T>(attempt: () => Promise<T>, timeoutMs: number, intervalMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() + intervalMs > deadline) throw err;
      await sleep(intervalMs);
    }
  }
}

function batchApi(clients: KubeClients): BatchV1Api {
  return clients.config.makeApiClient(BatchV1Api);
}

/** RKE1 GetK8sJobStatus of an existing job. */
export function jobStatusOf(job: V1Job): AddonJobStatus {
  const completed = job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ?? false;
  return { created: true, completed, removing: Boolean(job.metadata?.deletionTimestamp) };
}

/** RKE1 GetK8sJobStatus: a missing job is not created. */
export async function addonJobStatus(clients: KubeClients, name: string, batch = batchApi(clients)): Promise<AddonJobStatus> {
  try {
    return jobStatusOf(await batch.readNamespacedJob({ name, namespace: ADDON_NAMESPACE }));
  } catch (err) {
    if (isNotFound(err)) return MISSING_JOB;
    throw err;
  }
}

/** RKE1 UpdateConfigMap, with rke-ts's same-objects rule (change.ts). Retried for 30 s. */
export async function storeAddonConfigMap(
  clients: KubeClients,
  resource: string,
  manifest: string,
  options: Pick<AddonDeployOptions, 'log' | 'pollIntervalMs' | 'configMapTimeoutMs'> = {},
): Promise<ReturnType<typeof configMapDecision>> {
  const log = options.log ?? defaultLog;
  log.info(`[addons] Saving ConfigMap for addon ${resource} to Kubernetes`);
  const body = addonConfigMap(resource, manifest);
  const attempt = async () => {
    let existing: Record<string, string> | undefined;
    try {
      existing = (await clients.core.readNamespacedConfigMap({ name: resource, namespace: ADDON_NAMESPACE })).data ?? {};
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const decision = configMapDecision(existing, resource, manifest);
    if (decision.change === 'create') await clients.core.createNamespacedConfigMap({ namespace: ADDON_NAMESPACE, body });
    if (decision.change === 'update') await clients.core.replaceNamespacedConfigMap({ name: resource, namespace: ADDON_NAMESPACE, body });
    return decision;
  };
  try {
    const decision = await retryUntil(attempt, options.configMapTimeoutMs ?? CONFIGMAP_TIMEOUT_MS, options.pollIntervalMs ?? DEFAULT_POLL_MS);
    if (decision.sameObjectsOtherText) log.debug(`[addons] ConfigMap ${resource} holds the same objects in other formatting; left as is`);
    log.info(`[addons] Successfully saved ConfigMap for addon ${resource} to Kubernetes`);
    return decision;
  } catch (err) {
    throw new AddonDeployError(resource, `Failed to save addon ConfigMap: [addons] Timeout waiting for kubernetes to be ready: ${String(err)}`, {
      cause: err,
    });
  }
}

/** RKE1 DeleteK8sSystemJob: foreground delete, then wait up to 2 × timeout until it is gone. */
async function deleteJob(clients: KubeClients, batch: BatchV1Api, name: string, timeoutSec: number, intervalMs: number): Promise<void> {
  try {
    await batch.deleteNamespacedJob({ name, namespace: ADDON_NAMESPACE, propagationPolicy: 'Foreground' });
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  await retryUntil(
    async () => {
      if ((await addonJobStatus(clients, name, batch)).created) {
        throw new Error(`[k8s] Job [${name}] deletion timed out. Consider increasing addon_job_timeout value`);
      }
    },
    timeoutSec * 2 * 1000,
    intervalMs,
  );
}

/** RKE1 ApplyK8sSystemJob: wait out a pending deletion, replace the job when needed, wait for completion. */
async function applyJob(
  clients: KubeClients,
  job: K8sObject,
  resource: string,
  configMapUpdated: boolean,
  timeoutSec: number,
  intervalMs: number,
): Promise<JobAction> {
  const batch = batchApi(clients);
  const name = job.metadata.name;
  const status = await retryUntil(
    async () => {
      const s = await addonJobStatus(clients, name, batch);
      if (s.removing) throw new Error(`[k8s] Job [${name}] deletion timed out. Consider increasing addon_job_timeout value`);
      return s;
    },
    timeoutSec * 1000,
    intervalMs,
  );
  const action = jobAction(resource, configMapUpdated, status);
  if (action === 'replace') await deleteJob(clients, batch, name, timeoutSec, intervalMs);
  try {
    await batch.createNamespacedJob({ namespace: ADDON_NAMESPACE, body: job as V1Job });
  } catch (err) {
    if (apiStatus(err) === 409) return 'keep';
    throw err;
  }
  await retryUntil(
    async () => {
      const s = await addonJobStatus(clients, name, batch);
      if (!s.completed) throw new Error(`Failed to get job complete status for job ${name} in namespace ${ADDON_NAMESPACE}`);
    },
    timeoutSec * 1000,
    intervalMs,
  );
  return action;
}

/** Stores one addon's manifest and runs its deploy job (RKE1 doAddonDeploy). */
export async function deployAddon(clients: KubeClients, spec: AddonSpec, options: AddonDeployOptions): Promise<AddonDeployResult> {
  const log = options.log ?? defaultLog;
  const timeoutSec = options.timeoutSec ?? DEFAULT_ADDON_JOB_TIMEOUT_SEC;
  const intervalMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  const decision = await storeAddonConfigMap(clients, spec.resource, spec.manifest, options);
  log.info(`[addons] Executing deploy job ${spec.resource}`);
  try {
    const job = addonDeployJob(spec.resource, options);
    const action = await applyJob(clients, job, spec.resource, decision.updated, timeoutSec, intervalMs);
    return { resource: spec.resource, configMap: decision.change, job: action };
  } catch (err) {
    if (err instanceof AddonDeployError) throw err;
    throw new AddonDeployError(spec.resource, (err as Error).message ?? String(err), { cause: err });
  }
}

/**
 * Removes a deployed addon (RKE1 doAddonDelete): the delete job deletes every object named by the
 * stored manifest (waiting up to 2 × timeout), then both jobs are deleted. The ConfigMap stays.
 */
export async function removeAddon(clients: KubeClients, resource: string, options: AddonDeployOptions): Promise<void> {
  const timeoutSec = options.timeoutSec ?? DEFAULT_ADDON_JOB_TIMEOUT_SEC;
  const intervalMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  const batch = batchApi(clients);
  try {
    await applyJob(clients, addonDeleteJob(resource, options), resource, false, timeoutSec * 2, intervalMs);
    await deleteJob(clients, batch, deployJobName(resource), timeoutSec, intervalMs);
    await deleteJob(clients, batch, deleteJobName(resource), timeoutSec, intervalMs);
  } catch (err) {
    throw new AddonDeployError(resource, (err as Error).message ?? String(err), { cause: err });
  }
}

/** The Node name the addon jobs are pinned to (RKE1 k8s.GetNode: 5 tries, 5 s apart). */
export async function addonJobNodeName(
  clients: KubeClients,
  host: ControlPlaneHostRef,
  cloudProviderName: string,
  intervalMs = DEFAULT_POLL_MS,
): Promise<string> {
  let lastError: unknown;
  for (let i = 0; i < NODE_LOOKUP_RETRIES; i++) {
    try {
      const nodes = await clients.core.listNode();
      lastError = undefined;
      const node = matchNode(nodes.items, host, cloudProviderName);
      if (node?.metadata?.name) return node.metadata.name;
    } catch (err) {
      lastError = err;
    }
    if (i < NODE_LOOKUP_RETRIES - 1) await sleep(intervalMs);
  }
  const reason = lastError ? String(lastError) : `node "${host.hostnameOverride}" not found`;
  throw new AddonDeployError('node', `Failed to get Node [${host.hostnameOverride}]: ${reason}`, { cause: lastError });
}

async function createOrReplace(clients: KubeClients, object: K8sObject): Promise<void> {
  try {
    await clients.objects.create(object as KubernetesObject);
  } catch (err) {
    if (apiStatus(err) !== 409) throw err;
    await clients.objects.replace(object as KubernetesObject);
  }
}

/**
 * RKE1 ApplyAuthzResources, run after the control plane is up: the rke-job-deployer account, and
 * with RBAC the system:node and kube-apiserver proxy bindings. Create, or update when present;
 * each retried 5 times, 5 s apart.
 */
export async function applyAuthzResources(
  clients: KubeClients,
  config: Pick<ClusterConfig, 'authorization'>,
  options: { log?: Logger; pollIntervalMs?: number } = {},
): Promise<void> {
  const log = options.log ?? defaultLog;
  const intervalMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  const apply = async (object: K8sObject) => {
    let lastError: unknown;
    for (let i = 0; i < 5; i++) {
      try {
        return await createOrReplace(clients, object);
      } catch (err) {
        lastError = err;
        if (i < 4) await sleep(intervalMs);
      }
    }
    throw lastError;
  };
  const [deployerBinding, deployerAccount, ...rbac] = authzObjects(config);
  log.info('[authz] Creating rke-job-deployer ServiceAccount');
  try {
    await apply(deployerBinding!);
    await apply(deployerAccount!);
  } catch (err) {
    throw new RkeError(`Failed to apply the ServiceAccount needed for job execution: ${String(err)}`, {}, { cause: err });
  }
  log.info('[authz] rke-job-deployer ServiceAccount created successfully');
  if (rbac.length === 0) return;
  const [nodeBinding, proxyRole, proxyBinding] = rbac;
  log.info('[authz] Creating system:node ClusterRoleBinding');
  try {
    await apply(nodeBinding!);
  } catch (err) {
    throw new RkeError(`Failed to apply the ClusterRoleBinding needed for node authorization: ${String(err)}`, {}, { cause: err });
  }
  log.info('[authz] system:node ClusterRoleBinding created successfully');
  log.info('[authz] Creating kube-apiserver proxy ClusterRole and ClusterRoleBinding');
  try {
    await apply(proxyRole!);
    await apply(proxyBinding!);
  } catch (err) {
    throw new RkeError(`Failed to apply the ClusterRole and Binding needed for node kubeapi proxy: ${String(err)}`, {}, { cause: err });
  }
  log.info('[authz] kube-apiserver proxy ClusterRole and ClusterRoleBinding created successfully');
}

export interface IncludeLoaders {
  readFile?: (path: string) => Promise<string>;
  fetchUrl?: (url: string) => Promise<string>;
  /** RKE1 skips entries that are neither URLs nor existing files. */
  exists?: (path: string) => Promise<boolean>;
}

async function defaultFetch(url: string): Promise<string> {
  const response = await fetch(url);
  return response.text();
}

/** Go's `os.IsNotExist(os.Stat(p))` test: anything but "does not exist" counts as a path. */
async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Reads `addons_include` (RKE1 deployAddonsInclude): URLs fetched, files read, others skipped with a warning. */
export async function loadIncludedAddons(entries: readonly string[], options: IncludeLoaders & { log?: Logger } = {}): Promise<IncludedAddon[]> {
  const log = options.log ?? defaultLog;
  const read = options.readFile ?? ((p: string) => readFile(p, 'utf8'));
  const fetchUrl = options.fetchUrl ?? defaultFetch;
  const exists = options.exists ?? fileExists;
  const addons: IncludedAddon[] = [];
  for (const entry of entries) {
    let addon: IncludedAddon;
    if (isAddonUrl(entry)) {
      addon = { source: entry, text: await fetchUrl(entry) };
      log.info(`[addons] Adding addon from url ${entry}`);
    } else if (await exists(entry)) {
      addon = { source: entry, text: await read(entry) };
      log.info(`[addons] Adding addon from ${entry}`);
    } else {
      log.warn(`[addons] Unable to determine if ${entry} is a file path or url, skipping`);
      continue;
    }
    validateIncludedAddon(addon);
    addons.push(addon);
  }
  return addons;
}

async function deleteIfExists(clients: KubeClients, ref: ObjectRef): Promise<void> {
  try {
    const spec = { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } };
    const propagation = ref.kind === 'Job' ? 'Foreground' : undefined;
    await clients.objects.delete(spec, undefined, undefined, undefined, undefined, propagation);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

export interface DeployAllAddonsOptions extends IncludeLoaders {
  log?: Logger;
  pollIntervalMs?: number;
  configMapTimeoutMs?: number;
}

export interface AddonStepOutcome {
  kind: AddonKind;
  resource?: string;
  outcome: 'deployed' | 'removed' | 'absent' | 'logged' | 'warning';
  configMap?: ConfigMapChange;
  job?: JobAction;
  warning?: string;
}

/**
 * Every addon of `rke up` in RKE1's order (network plugin, DNS, nodelocal, metrics, ingress, user
 * addons). A critical failure (RKE1: network plugin and the system addons' deploy jobs) throws
 * AddonDeployError and stops; everything else is logged as a warning and reported.
 */
export async function deployAllAddons(clients: KubeClients, input: AddonRenderInput, options: DeployAllAddonsOptions = {}): Promise<AddonStepOutcome[]> {
  const log = options.log ?? defaultLog;
  const { config } = input;
  const host = firstControlPlaneHost(config);
  if (!host) return [];
  const outcomes: AddonStepOutcome[] = [];
  let includedAddons: IncludedAddon[] = [];
  let includeError: Error | undefined;
  if ((config.addons_include ?? []).length > 0) {
    log.info('[addons] Checking for included user addons');
    try {
      includedAddons = await loadIncludedAddons(config.addons_include ?? [], { ...options, log });
    } catch (err) {
      includeError = err as Error;
    }
  }
  const steps = addonSteps(input, { includedAddons });
  // RKE1 looks the Node up only when a job has to run (doAddonDeploy / doAddonDelete).
  let deployOptions: AddonDeployOptions | undefined;
  const jobOptions = async (): Promise<AddonDeployOptions> => {
    deployOptions ??= {
      nodeName: await addonJobNodeName(clients, host, config.cloud_provider?.name ?? '', options.pollIntervalMs),
      image: systemImage(input, 'kubernetes'),
      kubernetesVersion: input.version.version,
      timeoutSec: config.addon_job_timeout || DEFAULT_ADDON_JOB_TIMEOUT_SEC,
      log,
      ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
      ...(options.configMapTimeoutMs !== undefined ? { configMapTimeoutMs: options.configMapTimeoutMs } : {}),
    };
    return deployOptions;
  };
  const warn = (step: AddonStep, resource: string | undefined, message: string) => {
    log.warn(message);
    outcomes.push({ kind: step.kind, ...(resource ? { resource } : {}), outcome: 'warning', warning: message });
  };
  for (const step of steps) {
    switch (step.action) {
      case 'log':
        log.info(step.message);
        outcomes.push({ kind: step.kind, outcome: 'logged' });
        break;
      case 'renderError':
        if (step.critical) throw new AddonDeployError(step.resource, step.error.message, { cause: step.error });
        warn(step, step.resource, step.warning);
        break;
      case 'remove': {
        let status: AddonJobStatus;
        try {
          status = await addonJobStatus(clients, deployJobName(step.resource));
        } catch (err) {
          warn(step, step.resource, `Failed to get job [${deployJobName(step.resource)}] status: ${String(err)}`);
          break;
        }
        if (!status.created) {
          if (step.absentMessage) log.info(step.absentMessage);
          outcomes.push({ kind: step.kind, resource: step.resource, outcome: 'absent' });
          break;
        }
        if (step.startMessage) log.info(step.startMessage);
        try {
          await removeAddon(clients, step.resource, await jobOptions());
          if (step.doneMessage) log.info(step.doneMessage);
          outcomes.push({ kind: step.kind, resource: step.resource, outcome: 'removed' });
        } catch (err) {
          warn(step, step.resource, `Failed to remove addon [${step.resource}]: ${(err as Error).message}`);
        }
        break;
      }
      case 'deploy': {
        if (step.kind === 'userIncludes' && includeError) {
          warn(step, step.resource, `Failed to deploy addon execute job [${step.resource}]: ${includeError.message}`);
          break;
        }
        if (step.startMessage) log.info(step.startMessage);
        try {
          if (step.deleteBefore?.length && step.deleteBeforeMessage) log.info(step.deleteBeforeMessage);
          for (const ref of step.deleteBefore ?? []) await deleteIfExists(clients, ref);
        } catch (err) {
          warn(step, step.resource, `Failed to deploy addon execute job [${step.resource}]: ${String(err)}`);
          break;
        }
        let result: AddonDeployResult;
        try {
          result = await deployAddon(clients, { resource: step.resource, manifest: step.manifest }, await jobOptions());
        } catch (err) {
          if (step.critical) throw err;
          warn(step, step.resource, `Failed to deploy addon execute job [${step.resource}]: ${(err as Error).message}`);
          break;
        }
        try {
          if (step.deleteAfter?.length && step.deleteAfterMessage) log.info(step.deleteAfterMessage);
          for (const ref of step.deleteAfter ?? []) await deleteIfExists(clients, ref);
        } catch (err) {
          warn(step, step.resource, `Failed to deploy addon execute job [${step.resource}]: ${String(err)}`);
          break;
        }
        for (const message of step.doneMessages) log.info(message);
        outcomes.push({ kind: step.kind, resource: step.resource, outcome: 'deployed', configMap: result.configMap, job: result.job });
        break;
      }
    }
  }
  return outcomes;
}
