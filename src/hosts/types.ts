/**
 * What the transport needs to know about a host: a small, config-independent shape so that the
 * cluster.yml layer (src/config) maps onto it without this module depending on it.
 * Field meanings follow cluster.yml `nodes[]` / `bastion_host` (shared/reference/rke1.md §2).
 */

/** SSH credentials shared by nodes and the bastion host. */
export interface SshCredentials {
  /** SSH user (required by cluster.yml for nodes). When absent here the transport uses `root`. */
  user?: string;
  /** Inline private key (PEM / OpenSSH). Wins over `sshKeyPath`. */
  sshKey?: string;
  /** Path of the private key; a leading `~/` is expanded with $HOME. */
  sshKeyPath?: string;
  /** Inline OpenSSH user certificate (`ssh-ed25519-cert-v01@openssh.com AAAA...`). Wins over `sshCertPath`. */
  sshCert?: string;
  /** Path of an OpenSSH user certificate; a leading `~/` is expanded with $HOME. */
  sshCertPath?: string;
  /** Authenticate with the agent at $SSH_AUTH_SOCK (RKE1: `ssh_agent_auth`); keys are not read then. */
  sshAgentAuth?: boolean;
}

/** A jump host through which every node connection is tunnelled (cluster.yml `bastion_host`). */
export interface BastionSpec extends SshCredentials {
  address: string;
  /** SSH port; cluster.yml stores it as a string. Default 22. */
  port?: number | string;
}

/** One node as the transport sees it. */
export interface HostConnectionSpec extends SshCredentials {
  /** SSH address (IP or DNS name): cluster.yml `nodes[].address`. Used in every message about the host. */
  address: string;
  /** SSH port; cluster.yml stores it as a string. Default 22. */
  port?: number | string;
  /** Remote Docker socket: cluster.yml `docker_socket`. Default `/var/run/docker.sock`. */
  dockerSocket?: string;
  /** When set, the node is reached through this bastion host. */
  bastion?: BastionSpec;
}

export type HostRole = 'etcd' | 'controlplane' | 'worker';

/** A node with the roles and address the cluster-level operations (port checks, reachability) need. */
export interface ClusterHost {
  spec: HostConnectionSpec;
  roles: readonly HostRole[];
  /** cluster.yml `internal_address` (falls back to `address` in the config layer). */
  internalAddress: string;
  /** cluster.yml `hostname_override`, used by callers for node names; optional here. */
  hostnameOverride?: string;
}

export const DEFAULT_SSH_PORT = 22;
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
