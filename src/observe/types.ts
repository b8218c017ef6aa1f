import type { ObservedEtcdMember } from '../plan/etcd-strays.js';
import type { NodeFacts, ObservedContainer } from '../desired/index.js';

/** A container as `docker inspect` reports it: the compared fields plus identity and run state. */
export interface ObservedContainerState extends ObservedContainer {
  Id: string;
  State: { Running: boolean; Restarting: boolean; Status: string; ExitCode?: number };
}

export interface ReachableHost {
  address: string;
  reachable: true;
  facts: NodeFacts & { dockerVersion: string };
  /** RKE-managed containers found on the host, by name. */
  containers: Record<string, ObservedContainerState>;
  /** Default env of each desired image present on the host; null when the image is missing. */
  imageEnv: Record<string, string[] | null>;
  /**
   * md5 (hex) of each file RKE manages that exists on the host, by host path (certificates,
   * kubeconfigs, admission/audit/encryption configs). Missing files are absent from the map.
   */
  files: Record<string, string>;
}

export interface UnreachableHost {
  address: string;
  reachable: false;
  error: string;
}

export type ObservedHost = ReachableHost | UnreachableHost;

/** What the Kubernetes API says, when it answers. */
export interface ObservedKubernetes {
  /** Node name → labels and taints as the API has them. */
  nodes: Record<string, { labels: Record<string, string>; taints: { key: string; value?: string; effect: string }[]; ready: boolean }>;
}

export interface ObservedCluster {
  hosts: Record<string, ObservedHost>;
  /** undefined when the API is not reachable yet (new cluster, or control plane down). */
  kubernetes?: ObservedKubernetes;
  /** etcd's member list, read through a running member; undefined when none answered. */
  etcdMembers?: ObservedEtcdMember[];
}
