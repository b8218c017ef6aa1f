/** What `rke audit` observes on a node: the facts the checks evaluate (gathered in src/cluster/audit.ts). */
export type NodeRole = 'etcd' | 'controlplane' | 'worker';

export interface FileFact {
  path: string;
  /** Permission bits (e.g. 0o600). */
  mode: number;
  uid: number;
  gid: number;
  /** Names as the host's own account database resolves them (`UNKNOWN` when it cannot). */
  user: string;
  group: string;
  directory: boolean;
  /** Content, for the few small config files a check reads (admission.yaml); absent otherwise. */
  content?: string;
}

export interface ContainerFact {
  running: boolean;
  /** The whole command line: entrypoint and cmd, as `ps` shows it. */
  args: string[];
  /** Docker `User` ('' = root). */
  user: string;
}

export interface NodeFacts {
  address: string;
  hostname: string;
  roles: NodeRole[];
  /** By container name; absent containers are not in the map. */
  containers: Record<string, ContainerFact>;
  /** By path; missing files are not in the map. */
  files: Record<string, FileFact>;
  /** sysctl name (dotted) → value as /proc/sys has it; unreadable ones are absent. */
  sysctls: Record<string, string>;
  /** Host accounts by name (from the host's account database): uid / gid. */
  accounts: { users: Record<string, number>; groups: Record<string, number> };
}
