/** The `kube-scheduler` container (RKE1 cluster/plan.go BuildSchedulerProcess). */
import { applyExtraArgs, applyServiceOptions, arrayArgsFrom, renderArgs, renderArrayArgs, uniqStrings, type FlagMap } from '../args.js';
import { CONTAINER_NAME_LABEL, SIDEKICK, kubeconfigComponentBinds, healthCheckUrl, kubeconfigPath, kubernetesImageVersion, processSpec, rkeToolsEntrypoint } from '../common.js';
import type { ClusterContext, HostContext } from '../context.js';
import { atLeast, lessThan, K8S_124 } from '../semver.js';
import type { ContainerSpec } from '../types.js';

export const KUBE_SCHEDULER = 'kube-scheduler';

export function buildKubeScheduler(ctx: ClusterContext, host: HostContext): ContainerSpec {
  const sch = ctx.services.scheduler;
  const args: FlagMap = new Map([['kubeconfig', kubeconfigPath('kube-scheduler')]]);
  if (ctx.dind && !atLeast(ctx.version, K8S_124)) args.set('address', '0.0.0.0');
  applyServiceOptions(args, ctx.serviceOptions.scheduler);

  const binds = kubeconfigComponentBinds(ctx, host, args);
  applyExtraArgs(args, sch.extraArgs);
  const arrayArgs = arrayArgsFrom(sch.extraArgsArray);

  const legacyPort = lessThan(kubernetesImageVersion(ctx), '1.22.99-rancher99');
  return processSpec(ctx, host, {
    name: KUBE_SCHEDULER,
    image: ctx.images.kubernetes,
    entrypoint: [...rkeToolsEntrypoint(ctx, KUBE_SCHEDULER), ...renderArgs(args), ...renderArrayArgs(arrayArgs)],
    cmd: [],
    // RKE1 passes the scheduler's extra_env through as is (no de-duplication).
    env: [...sch.extraEnv],
    binds: uniqStrings([...binds, ...sch.extraBinds]),
    volumesFrom: [SIDEKICK],
    labels: { [CONTAINER_NAME_LABEL]: KUBE_SCHEDULER },
    networkMode: 'host',
    pidMode: '',
    privileged: false,
    restartPolicy: 'always',
    healthCheck: { url: legacyPort ? healthCheckUrl(false, 10251) : healthCheckUrl(true, 10259) },
  });
}
