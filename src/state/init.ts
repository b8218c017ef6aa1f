/**
 * `rke up --init` / the first step of `rke up` (RKE1 `cmd/common.go ClusterInit`), minus config
 * loading: read the previous state (a corrupt file is an error, not a fresh cluster), rebuild the
 * desired state, write it atomically. Also the local half of `rke util get-kubeconfig`.
 */
import { log as defaultLog } from '../log/logger.js';
import { adminKubeconfig, writeAdminKubeconfig } from '../pki/admin-kubeconfig.js';
import { controlPlaneHosts, type PkiInput } from '../pki/input.js';
import { localKubeconfigPath } from '../pki/kubeconfig.js';
import type { CertificateBundle } from '../pki/bundle.js';
import { readStateFileIfExists, writeStateFile } from './file.js';
import { certificateDirPath, stateFilePath } from './paths.js';
import { rebuildState, type RebuildStateOptions } from './rebuild.js';
import type { FullState } from './types.js';

export interface InitClusterStateOptions extends Omit<RebuildStateOptions, 'customCertsDir'> {
  clusterFilePath: string;
  configDir?: string;
  /** --custom-certs, read from --cert-dir (default `<cluster>_certs`). */
  customCerts?: boolean;
  certDir?: string;
}

/**
 * The previous state (a corrupt file is an error, not a fresh cluster) and the desired state rebuilt
 * from it; writes nothing (`rke plan` stops here).
 */
export async function loadAndRebuildState(
  input: PkiInput,
  opts: InitClusterStateOptions,
): Promise<{ statePath: string; previous: FullState | undefined; state: FullState }> {
  const configDir = opts.configDir ?? '';
  const statePath = stateFilePath(opts.clusterFilePath, configDir);
  const previous = await readStateFileIfExists(statePath);
  const certDir = opts.certDir || certificateDirPath(opts.clusterFilePath, configDir);
  const state = await rebuildState(input, previous, {
    ...opts,
    configDir,
    ...(opts.customCerts ? { customCertsDir: certDir } : {}),
  });
  return { statePath, previous, state };
}

export async function initClusterState(input: PkiInput, opts: InitClusterStateOptions): Promise<{ statePath: string; state: FullState }> {
  const logger = opts.log ?? defaultLog;
  logger.info('Initiating Kubernetes cluster');
  const { statePath, state } = await loadAndRebuildState(input, opts);
  await writeStateFile(statePath, state);
  logger.info(`Successfully Deployed state file at [${statePath}]`);
  return { statePath, state };
}

/**
 * Writes `kube_config_<cluster>.yml` pointing at the first controlplane host (mode 0600) from a
 * bundle; returns the path, or undefined when there is no controlplane host (RKE1 writes nothing).
 */
export async function writeLocalKubeconfig(
  input: PkiInput,
  bundle: CertificateBundle,
  clusterFilePath: string,
  configDir = '',
  serverAddress?: string,
): Promise<string | undefined> {
  const address = serverAddress ?? controlPlaneHosts(input)[0]?.address;
  if (address === undefined) return undefined;
  const path = localKubeconfigPath(clusterFilePath, configDir);
  await writeAdminKubeconfig(path, adminKubeconfig(bundle, address, input.clusterName));
  return path;
}
