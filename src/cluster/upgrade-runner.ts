/**
 * The StepRunner for lifecycle plans: wraps HostStepRunner (containers, files, certificates) and
 * adds what scaling and rolling upgrades need: etcd member join/leave, draining removed nodes,
 * and per batch the journal, cordon/drain, Ready wait, uncordon, and rollback.
 */
import { buildEtcdFixPerm, toDockerCreateOptions, type ClusterContext, type DesiredCluster } from '../desired/index.js';
import type { StepRunner } from '../execute/executor.js';
import { HostError } from '../errors.js';
import type { HostConnection } from '../hosts/connection-pool.js';
import type { PrivateRegistryAuth } from '../hosts/registry-auth.js';
import type { KubeClients } from '../k8s/client.js';
import { cordonNode, drainNode, getNode, uncordonNode, waitForNodesReady } from '../k8s/nodes.js';
import type { Logger } from '../log/logger.js';
import type { CertificateBundle } from '../pki/index.js';
import type { PhaseName, PlanBatch, PlanStep } from '../plan/types.js';
import { ensureMemberAdded, ensureMemberRemoved, joinSpec, peerUrl, pickHealthyMember, type InitialMember } from './etcd-members.js';
import { waitHealthy, type HealthOptions } from './health.js';
import { createOptionsFromInspect, writeJournal, type Journal, type JournalBatch, type JournalEntry } from './journal.js';
import { restoreContainer } from './rollback.js';
import type { HostStepRunner } from './runner.js';

export interface LifecycleRunnerOptions {
  desired: DesiredCluster;
  ctx: ClusterContext;
  connections: Map<string, HostConnection>;
  bundle: CertificateBundle;
  registries: PrivateRegistryAuth[];
  /** Addresses of the etcd members before this run (member changes go through one of them). */
  previousEtcd: string[];
  /** The etcd members before this run as initial-cluster names them. */
  previousMembers: InitialMember[];
  kube(): KubeClients;
  journalPath: string;
  /** Batches an interrupted run left unfinished: kept in the journal until a run converges. */
  carriedOver?: JournalBatch[];
  /** How long a batch's nodes may take to be Ready again. */
  nodeReadyTimeoutMs?: number;
  health?: HealthOptions;
  log: Logger;
}

export class LifecycleRunner implements StepRunner {
  private readonly journal: Journal;
  /** Per batch: the planned nodes that exist in the API (the ones cordoned). */
  private readonly present = new Map<string, string[]>();
  /** Members that joined during this run, in order. */
  private readonly joined: InitialMember[] = [];
  /** Host addresses whose etcd membership this run changed (irreversible, kept even on failure). */
  private readonly membership = { joined: [] as string[], left: [] as string[] };

  constructor(
    private readonly inner: HostStepRunner,
    private readonly o: LifecycleRunnerOptions,
  ) {
    // Negative indexes keep them apart from this run's batches.
    this.journal = { version: 1, batches: (o.carriedOver ?? []).map((b, i) => ({ ...b, index: -1 - i })) };
  }

  private conn(address: string): HostConnection {
    const c = this.o.connections.get(address);
    if (!c) throw new HostError(`host [${address}] is not connected`, { host: address });
    return c;
  }

  /** Members that stay etcd hosts and can be reached, the joining/leaving host excluded. */
  private memberCandidates(except: string): HostConnection[] {
    const staying = new Set(this.o.desired.hosts.filter((h) => h.roles.includes('etcd')).map((h) => h.address));
    return this.o.previousEtcd.filter((a) => a !== except && staying.has(a) && this.o.connections.has(a)).map((a) => this.o.connections.get(a)!);
  }

  async run(step: PlanStep): Promise<void> {
    switch (step.action) {
      case 'add-etcd-member':
        return this.joinMember(step);
      case 'remove-etcd-member':
        return this.removeMember(step);
      case 'drain-node':
        return this.drainRemovedNode(step);
      default:
        return this.inner.run(step);
    }
  }

  /** RKE1 AddEtcdMember + ReloadEtcdCluster: member add, first start as `existing`, then the regular spec. */
  private async joinMember(step: PlanStep): Promise<void> {
    const address = step.host!;
    const host = this.o.desired.hosts.find((h) => h.address === address);
    const spec = host?.containers.etcd;
    const hostCtx = this.o.ctx.allNodes.find((h) => h.address === address);
    if (!host || !spec || !hostCtx) throw new HostError(`no desired etcd container for host [${address}]`, { host: address });
    const name = `etcd-${hostCtx.hostname}`;
    const url = peerUrl(hostCtx.internalAddress);
    const candidates = this.memberCandidates(address);
    const via = candidates[0];
    if (!via) throw new HostError(`no reachable etcd member to add [${name}] through`, { host: address });
    this.o.log.info(`[add/etcd] Adding member [${name}] (${url}) to the etcd cluster through host [${via.address}]`);
    const added = await ensureMemberAdded(via, name, hostCtx.internalAddress);
    // From here the member list counts this host, started or not: a failed run must still record it.
    this.membership.joined.push(address);
    if (added === 'assumed') this.o.log.warn(`[add/etcd] etcd has no quorum: taking [${name}] as added by an interrupted run and starting it`);
    const conn = this.conn(address);
    const self = { name, peerUrl: url };
    const first = joinSpec(spec, [...this.o.previousMembers, ...this.joined, self]);
    await conn.docker.ensureImage(first.image, this.o.registries);
    await conn.docker.runOnceChecked({ name: 'etcd-fix-perm', config: toDockerCreateOptions(buildEtcdFixPerm(this.o.ctx, hostCtx, first)), registries: this.o.registries });
    await conn.docker.removeContainer('old-etcd');
    await conn.docker.removeContainer('etcd');
    this.o.log.info(`[add/etcd] Starting etcd on host [${address}] to join the existing cluster`);
    await conn.docker.createContainer('etcd', toDockerCreateOptions(first));
    await conn.docker.startContainer('etcd');
    if (spec.healthCheck) await waitHealthy(conn, 'etcd', spec.healthCheck, this.o.bundle, this.o.health);
    // Now a member with data: the regular spec (initial-* flags ignored from here on) replaces it.
    await this.inner.run({ ...step, action: 'replace', target: 'etcd' });
    this.joined.push(self);
  }

  /** etcd hosts that joined or left the member list in this run (addresses). */
  membershipChanges(): { joined: string[]; left: string[] } {
    return { joined: [...this.membership.joined], left: [...this.membership.left] };
  }

  private async removeMember(step: PlanStep): Promise<void> {
    const address = step.host!;
    const { conn: via } = await pickHealthyMember(this.memberCandidates(address));
    const removed = await ensureMemberRemoved(via, step.target, address);
    this.membership.left.push(address);
    this.o.log.info(
      removed
        ? `[remove/etcd] Removed member [${step.target}] of host [${address}] from the etcd cluster through host [${via.address}]`
        : `[remove/etcd] [${step.target}] is no longer an etcd member`,
    );
    const healthy = this.o.desired.hosts.find((h) => h.address === via.address)?.containers.etcd?.healthCheck;
    if (healthy) await waitHealthy(via, 'etcd', healthy, this.o.bundle, this.o.health);
  }

  /** RKE1 only cordons and deletes; pods are evicted first here so they move before the host goes. */
  private async drainRemovedNode(step: PlanStep): Promise<void> {
    this.o.log.info(`[hosts] Cordoning and draining node [${step.target}] of removed host [${step.host}]`);
    try {
      await drainNode(this.o.kube(), step.target, { force: true, ignoreDaemonSets: true, deleteLocalData: true, gracePeriod: -1, timeout: 120 });
    } catch (err) {
      // A host being removed must not block the run; RKE1 warns on reconcile failures too.
      this.o.log.warn(`[hosts] Draining node [${step.target}] failed, continuing with its removal: ${(err as Error).message}`);
    }
  }

  async gate(phase: PhaseName, host: string | undefined, steps: PlanStep[]): Promise<void> {
    // A joined member was health-checked and replaced by run(); the gate checks it as a create.
    const asContainerSteps = steps.map((s) => (s.action === 'add-etcd-member' ? { ...s, action: 'create' as const, target: 'etcd' } : s));
    await this.inner.gate(phase, host, asContainerSteps);
  }

  async afterPhase(phase: PhaseName, steps: PlanStep[]): Promise<void> {
    await this.inner.afterPhase(phase, steps);
  }

  private journalBatch(phase: PhaseName, batch: PlanBatch): JournalBatch | undefined {
    return this.journal.batches.find((b) => b.phase === phase && b.index === batch.index);
  }

  async beforeBatch(phase: PhaseName, batch: PlanBatch): Promise<void> {
    this.o.log.info(`[${phase}] Upgrading batch ${batch.index + 1}: host(s) [${batch.hosts.join(', ')}]`);
    const entries: JournalEntry[] = [];
    for (const r of batch.rollback) {
      const info = r.restore === 'previous' ? await this.conn(r.host).docker.inspectContainer(r.container) : undefined;
      entries.push({ host: r.host, container: r.container, previous: info ? createOptionsFromInspect(info) : null, wasRunning: info?.State.Running ?? false });
    }
    const record: JournalBatch = { phase, index: batch.index, hosts: batch.hosts, cordoned: batch.cordon, status: 'running', startedAt: new Date().toISOString(), entries };
    this.journal.batches = [...this.journal.batches.filter((b) => !(b.phase === phase && b.index === batch.index)), record];
    await writeJournal(this.o.journalPath, this.journal);
    // The plan may name nodes the API did not list when it was made: cordon the ones that exist.
    // A batch whose API answers for no one (certificates just rotated under a running kube-apiserver,
    // `rke cert rotate --rotate-ca`) goes ahead uncordoned, as RKE1 restarts those containers: warn.
    const present: string[] = [];
    for (const node of batch.cordon) {
      try {
        if (await getNode(this.o.kube(), node)) present.push(node);
      } catch (err) {
        this.o.log.warn(`[${phase}] Kubernetes API did not answer for node [${node}] (${(err as Error).message}); going on without cordoning it`);
      }
    }
    this.present.set(`${phase}/${batch.index}`, present);
    if (present.length !== record.cordoned.length) {
      record.cordoned = present;
      await writeJournal(this.o.journalPath, this.journal);
    }
    for (const node of present) {
      if (batch.drain) {
        this.o.log.info(`[${phase}] Draining node [${node}]`);
        await drainNode(this.o.kube(), node, batch.drain);
      } else {
        this.o.log.info(`[${phase}] Cordoning node [${node}]`);
        await cordonNode(this.o.kube(), node);
      }
    }
  }

  private async readyAndUncordon(phase: PhaseName, batch: PlanBatch): Promise<void> {
    const present = this.present.get(`${phase}/${batch.index}`) ?? batch.cordon;
    const waitReady = batch.waitReady.filter((n) => present.includes(n));
    if (waitReady.length > 0) {
      this.o.log.info(`[${phase}] Waiting for node(s) [${waitReady.join(', ')}] to be Ready`);
      await waitForNodesReady(this.o.kube(), waitReady, this.o.nodeReadyTimeoutMs ?? 180_000);
    }
    for (const node of present) {
      this.o.log.info(`[${phase}] Uncordoning node [${node}]`);
      await uncordonNode(this.o.kube(), node);
    }
  }

  async afterBatch(phase: PhaseName, batch: PlanBatch): Promise<void> {
    await this.readyAndUncordon(phase, batch);
    const record = this.journalBatch(phase, batch);
    if (record) {
      record.status = 'done';
      await writeJournal(this.o.journalPath, this.journal);
    }
  }

  async rollbackBatch(phase: PhaseName, batch: PlanBatch): Promise<void> {
    const record = this.journalBatch(phase, batch);
    if (!record) {
      // The journal is written before anything of the batch changes (cordon, containers): without
      // one, the batch failed while being prepared and there is nothing to restore.
      this.o.log.warn(`[rollback] Nothing to restore on host(s) [${batch.hosts.join(', ')}]: the batch failed before changing anything`);
      return;
    }
    this.o.log.warn(`[rollback] Restoring the previous containers of host(s) [${batch.hosts.join(', ')}]`);
    for (const entry of record.entries) {
      const outcome = await restoreContainer(this.conn(entry.host).docker, entry);
      this.o.log.info(`[rollback] [${entry.container}] on host [${entry.host}]: ${outcome}`);
    }
    // The restored containers must pass the same gates as before the batch.
    for (const host of batch.hosts) {
      const restored = record.entries.filter((e) => e.host === host && e.previous).map((e) => ({ phase, host, action: 'restart' as const, target: e.container, reason: 'rollback', changes: [] }));
      await this.inner.gate(phase, host, restored);
    }
    await this.readyAndUncordon(phase, batch);
    record.status = 'rolled-back';
    await writeJournal(this.o.journalPath, this.journal);
  }
}
