/**
 * The upgrade journal: before a batch of a rolling upgrade changes anything, the containers it
 * may change are recorded as they were (docker create options rebuilt from `docker inspect`), and
 * the nodes it cordons. It sits next to cluster.rkestate (`<name>.rke-journal.json`), is written
 * atomically like the state file, and is removed after a successful run. A run that finds one
 * left over (a crash) uncordons the nodes it names once the cluster has converged.
 */
import { readFile, rm } from 'node:fs/promises';
import type { ContainerCreateOptions, ContainerInspectInfo } from 'dockerode';
import type { PhaseName } from '../plan/types.js';
import { writeFileAtomic } from '../state/file.js';

export interface JournalEntry {
  host: string;
  container: string;
  /** null: the container did not exist before the batch. */
  previous: ContainerCreateOptions | null;
  wasRunning: boolean;
}

export type BatchStatus = 'running' | 'done' | 'rolled-back' | 'failed';

export interface JournalBatch {
  phase: PhaseName;
  index: number;
  hosts: string[];
  cordoned: string[];
  status: BatchStatus;
  startedAt: string;
  entries: JournalEntry[];
}

export interface Journal {
  version: 1;
  batches: JournalBatch[];
}

export function journalPath(statePath: string): string {
  return `${statePath.replace(/\.rkestate$/, '')}.rke-journal.json`;
}

export async function readJournal(path: string): Promise<Journal | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Journal;
    return parsed.version === 1 && Array.isArray(parsed.batches) ? parsed : undefined;
  } catch {
    // A torn journal cannot happen (atomic writes); an edited one is ignored rather than trusted.
    return undefined;
  }
}

export async function writeJournal(path: string, journal: Journal): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(journal, null, 2)}\n`);
}

export async function clearJournal(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** Nodes a batch cordoned and never got to uncordon (the run was killed or failed without rollback). */
export function leftCordoned(journal: Journal | undefined): string[] {
  return [...new Set((journal?.batches ?? []).filter((b) => b.status === 'running' || b.status === 'failed').flatMap((b) => b.cordoned))];
}

const nonEmpty = <T>(v: T[] | null | undefined): T[] | undefined => (v && v.length > 0 ? v : undefined);

/** docker create options that recreate a container as `docker inspect` shows it. */
export function createOptionsFromInspect(info: ContainerInspectInfo): ContainerCreateOptions {
  const c = info.Config;
  const h = info.HostConfig;
  const host: NonNullable<ContainerCreateOptions['HostConfig']> = {
    Binds: nonEmpty(h.Binds),
    VolumesFrom: nonEmpty(h.VolumesFrom as string[] | null | undefined),
    NetworkMode: h.NetworkMode || undefined,
    PidMode: h.PidMode || undefined,
    Privileged: h.Privileged,
    SecurityOpt: nonEmpty(h.SecurityOpt),
    ...(h.RestartPolicy?.Name ? { RestartPolicy: { Name: h.RestartPolicy.Name } } : {}),
    ...(h.LogConfig?.Type ? { LogConfig: h.LogConfig } : {}),
    ...(h.PortBindings && Object.keys(h.PortBindings).length > 0 ? { PortBindings: h.PortBindings } : {}),
  };
  const options: ContainerCreateOptions = {
    Image: c.Image,
    Entrypoint: Array.isArray(c.Entrypoint) ? nonEmpty(c.Entrypoint) : c.Entrypoint || undefined,
    Cmd: nonEmpty(c.Cmd),
    Env: nonEmpty(c.Env),
    Labels: c.Labels && Object.keys(c.Labels).length > 0 ? c.Labels : undefined,
    User: c.User || undefined,
    Tty: c.Tty || undefined,
    ...(c.ExposedPorts && Object.keys(c.ExposedPorts).length > 0 ? { ExposedPorts: c.ExposedPorts } : {}),
    HostConfig: host,
  };
  for (const k of Object.keys(host) as (keyof typeof host)[]) if (host[k] === undefined) delete host[k];
  for (const k of Object.keys(options) as (keyof ContainerCreateOptions)[]) if (options[k] === undefined) delete options[k];
  return options;
}
