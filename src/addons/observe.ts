/**
 * What `rke up` would do to the addons, from what is in kube-system now (for `rke plan`). Pure:
 * the caller lists the ConfigMaps and Jobs (see readAddonClusterState in cluster-state.ts).
 */
import { configMapDecision, jobAction, MISSING_JOB, type AddonJobStatus, type ConfigMapChange, type JobAction } from './change.js';
import { deployJobName } from './job.js';
import type { AddonKind, AddonStep } from './steps.js';

export interface AddonClusterState {
  /** kube-system ConfigMaps by name → their data. */
  configMaps: Record<string, Record<string, string>>;
  /** kube-system Jobs by name → status. */
  jobs: Record<string, AddonJobStatus>;
}

export interface AddonChange {
  kind: AddonKind;
  resource: string;
  action: 'deploy' | 'remove' | 'warn';
  /** deploy: how the ConfigMap changes. */
  configMap?: ConfigMapChange;
  /** deploy: what happens to the deploy job. */
  job?: JobAction;
  /** True when the deploy job runs `kubectl apply` again. */
  applies: boolean;
  reason: string;
}

/**
 * One entry per step that touches the cluster; steps that would change nothing (an unchanged
 * manifest whose job completed, a removal with no deploy job) are left out, so an empty list
 * means no addon change. User addons always re-run their job, as in RKE1, and so always appear.
 */
export function observeAddonChanges(steps: readonly AddonStep[], state: AddonClusterState): AddonChange[] {
  const changes: AddonChange[] = [];
  for (const step of steps) {
    if (step.action === 'renderError') {
      changes.push({ kind: step.kind, resource: step.resource, action: 'warn', applies: false, reason: step.warning });
    } else if (step.action === 'remove') {
      const job = state.jobs[deployJobName(step.resource)];
      if (job?.created) changes.push({ kind: step.kind, resource: step.resource, action: 'remove', applies: false, reason: 'addon disabled: deployed objects are deleted' });
    } else if (step.action === 'deploy') {
      const decision = configMapDecision(state.configMaps[step.resource], step.resource, step.manifest);
      const status = state.jobs[deployJobName(step.resource)] ?? MISSING_JOB;
      // A job still being deleted is waited for and then missing.
      const job = jobAction(step.resource, decision.updated, status.removing ? MISSING_JOB : status);
      if (decision.change === 'unchanged' && job === 'keep') continue;
      const reason =
        decision.change === 'create'
          ? 'new addon'
          : decision.change === 'update'
            ? 'manifest changed'
            : status.created && !status.completed
              ? 'previous deploy job did not complete'
              : status.created
                ? 'user addons are re-applied on every run'
                : 'deploy job missing';
      changes.push({ kind: step.kind, resource: step.resource, action: 'deploy', configMap: decision.change, job, applies: job !== 'keep', reason });
    }
  }
  return changes;
}
