/** Where RKE1 puts the state file and the custom-certificate dir (`cluster/state.go`). */
import { goBase, goDir } from '../pki/kubeconfig.js';
import { DEFAULT_CLUSTER_CONFIG } from '../pki/constants.js';

function trimmedClusterPath(clusterFilePath: string, configDir: string): string {
  const configPath = clusterFilePath === '' ? DEFAULT_CLUSTER_CONFIG : clusterFilePath;
  const baseDir = configDir !== '' ? goDir(configDir) : goDir(configPath);
  const full = `${baseDir}/${goBase(configPath)}`;
  const base = goBase(full);
  const dot = base.lastIndexOf('.');
  return dot < 0 ? full : full.slice(0, full.length - (base.length - dot));
}

/** `cluster.yml` → `./cluster.rkestate` (RKE1 `GetStateFilePath`, incl. its --config-dir quirk). */
export function stateFilePath(clusterFilePath = DEFAULT_CLUSTER_CONFIG, configDir = ''): string {
  return `${trimmedClusterPath(clusterFilePath, configDir)}.rkestate`;
}

/** `cluster.yml` → `./cluster_certs` (RKE1 `GetCertificateDirPath`). */
export function certificateDirPath(clusterFilePath = DEFAULT_CLUSTER_CONFIG, configDir = ''): string {
  return `${trimmedClusterPath(clusterFilePath, configDir)}_certs`;
}

export { localKubeconfigPath } from '../pki/kubeconfig.js';
