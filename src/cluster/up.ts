/** `rke up` and `rke plan` as library calls; the CLI only parses flags and formats. */
import type { CliConfigFlags } from '../config/index.js';
import { RkeError } from '../errors.js';
import { registriesFromConfig } from '../hosts/from-config.js';
import { executePlan } from '../execute/executor.js';
import type { ExecListener } from '../execute/events.js';
import { kubeClientsFromKubeconfig, type KubeClients } from '../k8s/client.js';
import { deleteNode, waitForNodesReady } from '../k8s/nodes.js';
import { saveFullStateToCluster } from '../k8s/state-secret.js';
import type { Logger } from '../log/logger.js';
import { writeAdminKubeconfig } from '../pki/index.js';
import type { Plan, PlanStep } from '../plan/types.js';
import { localKubeconfigPath, serializeState, withEtcdMembershipChanges, writeLocalKubeconfig, writeStateFile, type FullState } from '../state/index.js';
import { addonChanges, applyAuthz, deployAddons } from './addons.js';
import { desiredNodeMeta, nodeName } from './inputs.js';
import { syncNodeMeta } from './node-sync.js';
import { checkProfileHosts } from './audit-preflight.js';
import { HostStepRunner } from './runner.js';
import {
  adminKubeconfigFor,
  certEnvForHost,
  convergedState,
  openSession,
  prepareState,
  provisioningIncompleteError,
  removedHosts,
  type Session,
} from './session.js';
import { previousConfig as previousConfigOf } from './upgrade.js';
import { fromRkeStateJson } from '../config/index.js';
import { BatchFailedError } from '../execute/executor.js';
import { uncordonNode } from '../k8s/nodes.js';
import { appliedEncryptionConfig, encryptionTransition, type EncryptionTransition } from './encryption-config.js';
import { clearJournal, journalPath, leftCordoned, readJournal } from './journal.js';
import { lifecyclePlan, type LifecycleFlags } from './upgrade.js';
import { LifecycleRunner } from './upgrade-runner.js';
import { nodePeerUrl } from './etcd-members.js';

export interface ClusterCommandOptions {
  configPath: string;
  flags?: CliConfigFlags;
  ignoreDockerVersion?: boolean;
  customCerts?: boolean;
  certDir?: string;
  /** Hosts worked on at once within a phase. */
  parallelism?: number;
  log: Logger;
  listener?: ExecListener;
  /** `--update-only`, `--force-etcd-removal` (see LifecycleFlags). */
  lifecycle?: LifecycleFlags;
  /** `--no-rollback`: a batch that fails its health gate is left as it failed, for debugging. */
  noRollback?: boolean;
  /** A provider file to run with instead of the one cluster.yml asks for (a step of turning encryption off). */
  encryptionProviderOverride?: string;
}

export interface UpResult {
  plan: Plan;
  statePath: string;
  kubeconfigPath: string;
  phaseMs: Record<string, number>;
  /** How this run changed the secrets-encryption provider file (up-encryption.ts acts on it). */
  encryption: EncryptionTransition;
}

async function withSession<T>(opts: ClusterCommandOptions, fn: (s: Session) => Promise<T>): Promise<T> {
  const session = await openSession({ ...opts, ignoreDockerVersion: opts.ignoreDockerVersion ?? false, addonChanges });
  try {
    return await fn(session);
  } finally {
    await session.connected.pool.closeAll();
  }
}

/** What `rke up` would change; touches nothing. */
export async function plan(opts: ClusterCommandOptions): Promise<Plan> {
  return withSession(opts, async (s) => lifecyclePlan(s, opts.lifecycle ?? {}));
}

/** `rke up --init`: the state file (and admin kubeconfig) from cluster.yml, no host contacted. */
export async function initState(opts: ClusterCommandOptions): Promise<{ statePath: string; kubeconfigPath?: string }> {
  const prepared = await prepareState(opts);
  await writeStateFile(prepared.statePath, prepared.state);
  opts.log.info(`Successfully Deployed state file at [${prepared.statePath}]`);
  const kubeconfigPath = await writeLocalKubeconfig(prepared.pki, prepared.bundle, opts.configPath);
  return { statePath: prepared.statePath, ...(kubeconfigPath ? { kubeconfigPath } : {}) };
}

/** A failed run that already changed the etcd member list records that change (state/membership.ts). */
async function recordMembershipChanges(statePath: string, state: FullState, changes: { joined: string[]; left: string[] }, log: Logger): Promise<void> {
  if (changes.joined.length === 0 && changes.left.length === 0) return;
  await writeStateFile(statePath, withEtcdMembershipChanges(state, changes));
  const what = [
    ...(changes.joined.length ? [`joined: ${changes.joined.join(', ')}`] : []),
    ...(changes.left.length ? [`left: ${changes.left.join(', ')}`] : []),
  ].join('; ');
  log.warn(`[state] The etcd member list changed before the run failed (${what}); recorded in [${statePath}]`);
}

export async function up(opts: ClusterCommandOptions): Promise<UpResult> {
  const log = opts.log;
  return withSession(opts, async (s) => {
    const { prepared } = s;
    // A hardened profile's host requirements (sysctls, etcd account) are checked before any change.
    await checkProfileHosts(prepared.config, s.connected.connections, log);
    const runPlan = lifecyclePlan(s, opts.lifecycle ?? {});
    for (const w of runPlan.warnings) log.warn(w);
    const rolling = runPlan.rolling !== undefined;
    const journalFile = journalPath(prepared.statePath);
    const previousJournal = await readJournal(journalFile);
    const leftover = leftCordoned(previousJournal);
    const kubeconfigPath = localKubeconfigPath(opts.configPath);
    // RKE1 ClusterInit: the desired state is on disk before any host changes.
    await writeStateFile(prepared.statePath, prepared.state);
    const kubeconfig = adminKubeconfigFor(prepared);
    if (kubeconfig) await writeAdminKubeconfig(kubeconfigPath, kubeconfig);

    let kube: KubeClients | undefined = s.kube;
    const clients = (): KubeClients => {
      if (!kube) {
        if (!kubeconfig) throw new RkeError('no controlplane host: cannot reach the Kubernetes API');
        kube = kubeClientsFromKubeconfig(kubeconfig);
      }
      return kube;
    };
    const previousConfig = prepared.state.currentState.rkeConfig ? fromRkeStateJson(prepared.state.currentState.rkeConfig) : undefined;
    const nodeMeta = desiredNodeMeta(prepared.config, previousConfig);
    let addonsDone = false;
    const saveState = async () => {
      const state = convergedState(prepared.state);
      await writeStateFile(prepared.statePath, state);
      log.info(`Successfully Deployed state file at [${prepared.statePath}]`);
      log.info('[state] Saving full cluster state to Kubernetes');
      await saveFullStateToCluster(clients(), serializeState(state).replace(/\n\s*/g, ''));
    };

    const runner = new HostStepRunner({
      desired: s.desired,
      ctx: s.ctx,
      connections: s.connected.connections,
      certEnv: (h) => certEnvForHost(prepared, h),
      bundle: prepared.bundle,
      removedHosts: removedHosts(prepared),
      registries: registriesFromConfig(prepared.config),
      log,
      cluster: {
        applyAddon: async () => {
          if (addonsDone) return;
          await deployAddons(prepared, clients(), log);
          addonsDone = true;
        },
        syncNode: async (step: PlanStep) => {
          const meta = nodeMeta.find((m) => m.nodeName === step.target);
          if (meta) await syncNodeMeta(clients(), meta);
        },
        deleteNode: async (step: PlanStep) => deleteNode(clients(), step.target),
        writeState: saveState,
      },
      afterPhase: async (phase, steps) => {
        // RKE1 records the current state as soon as the control plane is up (UpdateClusterCurrentState).
        // A rolling upgrade records it only at the end: a rolled-back upgrade leaves the last good state.
        if (phase === 'controlplane' && steps.length > 0) {
          if (!rolling) await saveState();
          await applyAuthz(prepared, clients(), log);
        }
      },
    });
    const lifecycleRunner = new LifecycleRunner(runner, {
      desired: s.desired,
      ctx: s.ctx,
      connections: s.connected.connections,
      bundle: prepared.bundle,
      registries: registriesFromConfig(prepared.config),
      previousEtcd: (previousConfigOf(s)?.nodes ?? []).filter((n) => n.role?.includes('etcd')).map((n) => n.address ?? ''),
      previousMembers: (previousConfigOf(s)?.nodes ?? [])
        .filter((n) => n.role?.includes('etcd'))
        .map((n) => ({ name: `etcd-${nodeName(n)}`, peerUrl: nodePeerUrl(n) })),
      kube: clients,
      journalPath: journalFile,
      carriedOver: (previousJournal?.batches ?? []).filter((b) => b.status === 'running' || b.status === 'failed'),
      log,
    });
    if (runPlan.rolling) {
      log.info(
        `[upgrade] Rolling: max_unavailable_controlplane ${runPlan.rolling.maxUnavailableControlplane || '-'}, ` +
          `max_unavailable_worker ${runPlan.rolling.maxUnavailableWorker || '-'}, drain ${runPlan.rolling.drain}`,
      );
    }
    const phaseMs: Record<string, number> = {};
    try {
      await executePlan(runPlan, lifecycleRunner, {
        parallelism: opts.parallelism ?? 8,
        noRollback: opts.noRollback ?? false,
        listener: (e) => {
          if (e.type === 'phase-start') log.info(`[${e.phase}] ${e.steps} step(s)`);
          if (e.type === 'phase-done') phaseMs[e.phase] = e.ms;
          opts.listener?.(e);
        },
      });
    } catch (err) {
      if (err instanceof BatchFailedError && err.rolledBack) log.warn(`[rollback] ${err.message}`);
      // never in place of the run's own error
      await recordMembershipChanges(prepared.statePath, prepared.state, lifecycleRunner.membershipChanges(), log).catch((e: Error) =>
        log.warn(`[state] Could not record the etcd member list change: ${e.message}`),
      );
      throw err;
    }
    if (leftover.length > 0) {
      log.info(`[upgrade] Uncordoning node(s) [${leftover.join(', ')}] left cordoned by an interrupted run`);
      await waitForNodesReady(clients(), leftover, 300_000);
      for (const node of leftover) await uncordonNode(clients(), node).catch((e: Error) => log.warn(`Failed to uncordon [${node}]: ${e.message}`));
    }
    await clearJournal(journalFile);
    if (runPlan.phases.length > 0) {
      const names = nodeMeta.map((m) => m.nodeName);
      log.info(`[nodes] Waiting for node(s) [${names.join(', ')}] to be Ready`);
      await waitForNodesReady(clients(), names, 300_000);
    }
    const incomplete = provisioningIncompleteError(s.connected.inactive);
    if (incomplete) throw incomplete;
    log.info('Finished building Kubernetes cluster successfully');
    const applied = prepared.previous ? appliedEncryptionConfig(prepared.previous) : '';
    const encryption = encryptionTransition(applied, prepared.state.desiredState.encryptionConfig ?? '');
    return { plan: runPlan, statePath: prepared.statePath, kubeconfigPath, phaseMs, encryption };
  });
}
