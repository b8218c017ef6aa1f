/**
 * Restores containers to the specs journaled before a batch. Idempotent: a container that already
 * matches its journaled spec (and runs when it ran) is left alone, so running a rollback twice, or
 * after a crash in the middle of one, ends in the same place.
 */
import type { ContainerCreateOptions, ContainerInspectInfo } from 'dockerode';
import type { JournalEntry } from './journal.js';

/** The few Docker calls a restore needs (HostConnection.docker provides them). */
export interface RestoreDocker {
  inspectContainer(name: string): Promise<ContainerInspectInfo | undefined>;
  createContainer(name: string, config: ContainerCreateOptions): Promise<string>;
  startContainer(name: string): Promise<void>;
  stopContainer(name: string): Promise<void>;
  removeContainer(name: string): Promise<boolean>;
}

export type RestoreOutcome = 'unchanged' | 'recreated' | 'removed' | 'absent';

const sorted = (v: string[] | null | undefined) => [...(v ?? [])].sort().join('\n');
const asList = (v: string | string[] | null | undefined) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** Same image, command, entrypoint, env and binds: what RKE1's upgradability check looks at. */
export function matchesJournaled(info: ContainerInspectInfo, previous: ContainerCreateOptions): boolean {
  return (
    info.Config.Image === previous.Image &&
    asList(info.Config.Cmd).join('\n') === asList(previous.Cmd).join('\n') &&
    asList(info.Config.Entrypoint as string | string[] | null).join('\n') === asList(previous.Entrypoint).join('\n') &&
    sorted(info.Config.Env) === sorted(previous.Env) &&
    sorted(info.HostConfig.Binds) === sorted(previous.HostConfig?.Binds)
  );
}

export async function restoreContainer(docker: RestoreDocker, entry: JournalEntry): Promise<RestoreOutcome> {
  const current = await docker.inspectContainer(entry.container);
  await docker.removeContainer(`old-${entry.container}`);
  if (!entry.previous) {
    if (!current) return 'absent';
    await docker.stopContainer(entry.container);
    await docker.removeContainer(entry.container);
    return 'removed';
  }
  if (current && matchesJournaled(current, entry.previous)) {
    if (entry.wasRunning && !current.State.Running) await docker.startContainer(entry.container);
    return 'unchanged';
  }
  if (current) {
    await docker.stopContainer(entry.container);
    await docker.removeContainer(entry.container);
  }
  await docker.createContainer(entry.container, entry.previous);
  if (entry.wasRunning) await docker.startContainer(entry.container);
  return 'recreated';
}
