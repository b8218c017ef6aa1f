/**
 * When RKE1 re-applies an addon (k8s/configmap.go UpdateConfigMap, k8s/job.go ApplyK8sSystemJob).
 * Pure decisions; src/addons/deploy.ts carries them out.
 */
import { isDeepStrictEqual } from 'node:util';
import { ALWAYS_RERUN_RESOURCES } from './job.js';
import { sameManifestObjects } from './manifest.js';

export type ConfigMapChange = 'create' | 'update' | 'unchanged';

export interface ConfigMapDecision {
  change: ConfigMapChange;
  /**
   * RKE1's `addonUpdated`: true only when an existing ConfigMap's data changed. A newly created
   * ConfigMap reports false (RKE1 then relies on the Job not existing yet).
   */
  updated: boolean;
  /** Set when the stored text differs but holds the same objects (e.g. written by RKE1's Go templates). */
  sameObjectsOtherText?: boolean;
}

/**
 * Compares the addon ConfigMap's current data (undefined when the ConfigMap does not exist) with
 * the manifest to store. RKE1 compares the data maps exactly; rke-ts also treats a stored manifest
 * holding the same objects as unchanged and leaves it in place, so that a cluster RKE1 built (whose
 * manifests come from Go templates with other whitespace and comments) sees no change.
 */
export function configMapDecision(existingData: Record<string, string> | undefined, resource: string, manifest: string): ConfigMapDecision {
  if (existingData === undefined) return { change: 'create', updated: false };
  const desired = { [resource]: manifest };
  if (isDeepStrictEqual({ ...existingData }, desired)) return { change: 'unchanged', updated: false };
  const keys = Object.keys(existingData);
  const stored = existingData[resource];
  if (keys.length === 1 && stored !== undefined && sameManifestObjects(stored, manifest)) {
    return { change: 'unchanged', updated: false, sameObjectsOtherText: true };
  }
  return { change: 'update', updated: true };
}

/** RKE1's JobStatus: a missing job is {created: false}. */
export interface AddonJobStatus {
  created: boolean;
  completed: boolean;
  /** The job has a deletionTimestamp. */
  removing: boolean;
}

export const MISSING_JOB: AddonJobStatus = { created: false, completed: false, removing: false };

export type JobAction =
  /** No job yet: create it and wait for completion. */
  | 'create'
  /** Delete the job (foreground, wait until gone), create it again, wait for completion. */
  | 'replace'
  /** A completed job for this manifest exists: RKE1's create gets AlreadyExists and stops there. */
  | 'keep';

/**
 * RKE1 replaces the job when the ConfigMap changed, when the previous job never completed, and
 * always for user addons. (A job still being deleted is waited for first; see deploy.ts.)
 */
export function jobAction(resource: string, configMapUpdated: boolean, status: AddonJobStatus): JobAction {
  const replace = configMapUpdated || (status.created && !status.completed) || ALWAYS_RERUN_RESOURCES.includes(resource);
  if (replace && status.created) return 'replace';
  if (!status.created) return 'create';
  return 'keep';
}
