/**
 * hosts/: SSH to nodes (keys, agent, certificates, bastion), the Docker API over that SSH
 * connection, host facts, port checks, reachability rules. Everything that touches a node goes
 * through a HostConnectionPool: one SSH connection per host per run.
 *
 *   const pool = new HostConnectionPool({ log });
 *   const { active, inactive } = await tunnelHosts(pool, clusterHosts, { supportedDockerVersions, ignoreDockerVersion });
 *   await active[0].connection.docker.runOnceChecked({ name: 'cert-deployer', config: { Image, Cmd, ... } });
 *   ...
 *   const incomplete = provisioningIncompleteError(inactive); // throw at the end of `up`
 *   await pool.closeAll();
 */
export type { BastionSpec, ClusterHost, HostConnectionSpec, HostRole, SshCredentials } from './types.js';
export { DEFAULT_DOCKER_SOCKET, DEFAULT_SSH_PORT } from './types.js';
export { HostConnection, HostConnectionPool, type HostTransportOptions, type PoolStats } from './connection-pool.js';
export { DockerHost, type ContainerOutput, type RunOnceOptions } from './docker-host.js';
export { envPassphrase, expandHome, PASSPHRASE_ENV, type PassphraseSource } from './ssh-credentials.js';
export type { HostKeyPolicy } from './known-hosts.js';
export { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';
export { checkDockerVersion, factsFromDockerInfo, isSupportedDockerVersion, type HostFacts } from './host-facts.js';
export {
  isUnsupportedDockerVersion,
  provisioningIncompleteError,
  tunnelHosts,
  validateActiveHosts,
  type ActiveHost,
  type InactiveHost,
  type TunnelOptions,
  type TunnelResult,
} from './tunnel.js';
export {
  checkClusterPorts,
  checkKubeApiPort,
  planPortChecks,
  runPortCheck,
  PORT_CHECKER_CONTAINER,
  PORT_LISTENERS,
  type PortCheckHost,
  type PortCheckOptions,
  type PortCheckStep,
} from './port-check.js';
export { dockerAuthConfig, findRegistryAuth, registryKeyForImage, type PrivateRegistryAuth } from './registry-auth.js';
export { bastionFromConfig, clusterHostsFromConfig, hostSpecFromNode, registriesFromConfig } from './from-config.js';
export { packTar, unpackTar, type TarEntry } from './tar.js';
export { demuxDockerStream } from './docker-stream.js';
