/**
 * Carries out plan steps on real nodes (Docker over SSH) and in the Kubernetes API. Policy (what
 * to do) is in the plan; this module only knows how, the way RKE1 does each thing.
 */
import {
  buildCertDeployer,
  buildEtcdFixPerm,
  buildFileDeployer,
  buildLogLinker,
  toDockerCreateOptions,
  type ClusterContext,
  type ContainerSpec,
  type DesiredCluster,
  type DesiredHost,
} from '../desired/index.js';
import { HostError, RkeError } from '../errors.js';
import type { HostConnection } from '../hosts/connection-pool.js';
import type { PrivateRegistryAuth } from '../hosts/registry-auth.js';
import type { Logger } from '../log/logger.js';
import type { CertificateBundle } from '../pki/index.js';
import type { StepRunner } from '../execute/executor.js';
import type { PhaseName, PlanStep } from '../plan/types.js';
import { waitHealthy, type HealthOptions } from './health.js';
import { cleanHost, hostContextFor } from './clean-host.js';
import type { RemovedHost } from '../plan/plan-cluster.js';

export interface ClusterStepHandlers {
  applyAddon(name: string): Promise<void>;
  syncNode(step: PlanStep): Promise<void>;
  deleteNode(step: PlanStep): Promise<void>;
  writeState(): Promise<void>;
}

export interface HostRunnerOptions {
  desired: DesiredCluster;
  ctx: ClusterContext;
  connections: Map<string, HostConnection>;
  /** cert-deployer env (KUBE_*, KUBE_*_KEY, KUBECFG_*) for a host's certificates. */
  certEnv(host: DesiredHost): string[];
  bundle: CertificateBundle;
  removedHosts: RemovedHost[];
  registries: PrivateRegistryAuth[];
  cluster: ClusterStepHandlers;
  afterPhase?(phase: PhaseName, steps: PlanStep[]): Promise<void>;
  health?: HealthOptions;
  log: Logger;
}

const oldName = (name: string) => `old-${name}`;

/** RKE1 runs the deployers and helpers with Docker's default (bridge) unless told otherwise. */
async function runHelper(conn: HostConnection, spec: ContainerSpec, registries: PrivateRegistryAuth[]): Promise<void> {
  await conn.docker.runOnceChecked({ name: spec.name, config: toDockerCreateOptions(spec), registries });
}

export class HostStepRunner implements StepRunner {
  constructor(private readonly o: HostRunnerOptions) {}

  private conn(address: string): HostConnection {
    const c = this.o.connections.get(address);
    if (!c) throw new HostError(`host [${address}] is not connected`, { host: address });
    return c;
  }

  private host(address: string): DesiredHost {
    const h = this.o.desired.hosts.find((x) => x.address === address);
    if (!h) throw new HostError(`host [${address}] is not in the desired state`, { host: address });
    return h;
  }

  private hostCtx(address: string) {
    const h = this.o.ctx.allNodes.find((x) => x.address === address);
    if (!h) throw new HostError(`host [${address}] is not in the cluster context`, { host: address });
    return h;
  }

  async run(step: PlanStep): Promise<void> {
    if (!step.host) return this.runClusterStep(step);
    if (step.action === 'delete-node') return this.o.cluster.deleteNode(step);
    if (step.action === 'clean-host' && !this.o.connections.has(step.host)) {
      // RKE1 too goes on when a removed host cannot be reached: the cluster no longer needs it.
      this.o.log.warn(`[hosts] Removed host [${step.host}] cannot be reached: it is not cleaned; clean it by hand or run rke remove on it`);
      return;
    }
    const conn = this.conn(step.host);
    switch (step.action) {
      case 'deploy-certs': {
        const host = this.host(step.host);
        const force = step.changes.some((c) => c.after === 'redeploy (force)');
        this.o.log.info(`[certificates] Deploying kubernetes certificates to host [${step.host}]`);
        await runHelper(conn, buildCertDeployer(this.o.ctx, this.hostCtx(step.host), { certEnv: this.o.certEnv(host), forceDeploy: force }), this.o.registries);
        return;
      }
      case 'deploy-file': {
        const host = this.host(step.host);
        const file = host.files.find((f) => f.hostPath === step.target);
        if (!file) throw new HostError(`no desired file [${step.target}] for host [${step.host}]`, { host: step.host });
        this.o.log.info(`[file-deploy] Deploying file [${file.path}] to node [${step.host}]`);
        await runHelper(conn, buildFileDeployer(this.o.ctx, this.hostCtx(step.host), file), this.o.registries);
        return;
      }
      case 'create':
      case 'replace':
        return this.runContainer(conn, this.containerSpec(step), step.action === 'replace');
      case 'start':
        this.o.log.info(`[${step.phase}] Starting stopped container [${step.target}] on host [${step.host}]`);
        return conn.docker.startContainer(step.target);
      case 'restart':
        this.o.log.info(`[${step.phase}] Restarting container [${step.target}] on host [${step.host}]`);
        return conn.docker.restartContainer(step.target);
      case 'remove':
        this.o.log.info(`[remove/${step.target}] Removing container [${step.target}] on host [${step.host}]`);
        await conn.docker.stopContainer(step.target).catch(() => undefined);
        await conn.docker.removeContainer(step.target);
        return;
      case 'clean-host':
        return this.cleanHost(conn, step);
      case 'sync-node':
        return this.o.cluster.syncNode(step);
      default:
        throw new RkeError(`step [${step.action}] cannot run on a host`);
    }
  }

  private containerSpec(step: PlanStep): ContainerSpec {
    const spec = this.host(step.host!).containers[step.target];
    if (!spec) throw new HostError(`no desired container [${step.target}] for host [${step.host}]`, { host: step.host });
    return spec;
  }

  /** RKE1 DoRunContainer / DoRollingUpdateContainer, with a leftover old-<name> from a crash cleaned up. */
  private async runContainer(conn: HostConnection, spec: ContainerSpec, replace: boolean): Promise<void> {
    const d = conn.docker;
    const pulled = await d.ensureImage(spec.image, this.o.registries);
    if (pulled === 'pulled') this.o.log.info(`Pulled image [${spec.image}] on host [${conn.address}]`);
    if (spec.name === 'etcd') await runHelper(conn, buildEtcdFixPerm(this.o.ctx, this.hostCtx(conn.address), spec), this.o.registries);
    await d.removeContainer(oldName(spec.name)).catch(() => undefined);
    if (replace) {
      this.o.log.info(`Updating container [${spec.name}] on host [${conn.address}]`);
      await d.stopContainer(spec.name).catch(() => undefined);
      await d.renameContainer(spec.name, oldName(spec.name));
    } else {
      this.o.log.info(`Starting container [${spec.name}] on host [${conn.address}]`);
    }
    const id = await d.createContainer(spec.name, toDockerCreateOptions(spec));
    if (spec.start) await d.startContainer(spec.name);
    if (replace) await d.removeContainer(oldName(spec.name));
    if (spec.start && spec.name !== 'etcd-rolling-snapshots') await this.linkLogs(conn, spec.name, id);
  }

  /** rke-log-linker: /var/lib/rancher/rke/log/<name>_<id>.log → the container's Docker log. */
  private async linkLogs(conn: HostConnection, name: string, id: string): Promise<void> {
    const info = await conn.docker.inspectContainer(name);
    if (!info?.LogPath) return;
    await runHelper(conn, buildLogLinker(this.o.ctx, { name, id, logPath: info.LogPath }), this.o.registries).catch((err: unknown) =>
      this.o.log.warn(`Failed to link logs of [${name}] on host [${conn.address}]: ${(err as Error).message}`),
    );
  }

  private async cleanHost(conn: HostConnection, step: PlanStep): Promise<void> {
    const removed = this.o.removedHosts.find((r) => r.address === step.host);
    const host = hostContextFor(this.o.ctx, step.host!, removed?.roles ?? [], removed?.hostname);
    await cleanHost(conn, this.o.ctx, host, { externalEtcd: this.o.desired.externalEtcd, registries: this.o.registries, log: this.o.log });
  }

  private async runClusterStep(step: PlanStep): Promise<void> {
    switch (step.action) {
      case 'apply-addon':
        return this.o.cluster.applyAddon(step.target);
      case 'write-state':
        return this.o.cluster.writeState();
      default:
        throw new RkeError(`step [${step.action}] needs a host`);
    }
  }

  /** After a host's steps in a plane: every container of that plane on the host answers its health check. */
  async gate(phase: PhaseName, host: string | undefined, steps: PlanStep[]): Promise<void> {
    if (!host || !['etcd', 'controlplane', 'worker'].includes(phase)) return;
    if (!steps.some((s) => ['create', 'replace', 'start', 'restart'].includes(s.action))) return;
    const conn = this.conn(host);
    const desired = this.host(host);
    const touched = new Set(steps.map((s) => s.target));
    for (const spec of Object.values(desired.containers)) {
      if (!spec.healthCheck || !touched.has(spec.name)) continue;
      this.o.log.info(`[healthcheck] Start Healthcheck on service [${spec.name}] on host [${host}]`);
      await waitHealthy(conn, spec.name, spec.healthCheck, this.o.bundle, this.o.health);
      this.o.log.info(`[healthcheck] service [${spec.name}] on host [${host}] is healthy`);
    }
  }

  async afterPhase(phase: PhaseName, steps: PlanStep[]): Promise<void> {
    await this.o.afterPhase?.(phase, steps);
  }
}
