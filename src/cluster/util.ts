/** `rke util get-kubeconfig`, `rke util get-state-file`, `rke version`: local files and the API, no SSH. */
import { randomBytes } from 'node:crypto';
import { copyFile, access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { fromRkeStateJson } from '../config/index.js';
import { RkeError, StateFileError } from '../errors.js';
import { kubeClientsFromKubeconfig } from '../k8s/client.js';
import { readFullStateFromCluster } from '../k8s/state-secret.js';
import type { Logger } from '../log/logger.js';
import { adminKubeconfig, writeAdminKubeconfig } from '../pki/index.js';
import { localKubeconfigPath, parseState, readStateFile, stateFilePath, writeStateFile } from '../state/index.js';
import { readFile } from 'node:fs/promises';
import { nodeRoles } from './inputs.js';

const exists = (p: string) => access(p).then(() => true, () => false);

async function answers(kubeconfig: string, timeoutMs = 5_000): Promise<k8s.VersionInfo | undefined> {
  const api = kubeClientsFromKubeconfig(kubeconfig).config.makeApiClient(k8s.VersionApi);
  return Promise.race([
    api.getCode().catch(() => undefined),
    new Promise<undefined>((r) => setTimeout(() => r(undefined), timeoutMs)),
  ]);
}

/** Keeps a copy of an existing file next to it, named like RKE1's (`kube_config<random>`, `rkestate<random>`). */
async function backup(path: string, base: string): Promise<void> {
  if (!(await exists(path))) return;
  await copyFile(path, join(dirname(path), `${base}${randomBytes(4).toString('hex')}`));
}

export async function getKubeconfig(configPath: string, log: Logger): Promise<string> {
  const statePath = stateFilePath(configPath);
  const state = await readStateFile(statePath);
  const cluster = state.currentState.rkeConfig ?? state.desiredState.rkeConfig;
  const bundle = state.currentState.certificatesBundle ?? state.desiredState.certificatesBundle;
  if (!cluster || !bundle) throw new StateFileError(`state file [${statePath}] has no cluster configuration or certificates`, { file: statePath });
  const config = fromRkeStateJson(cluster);
  const target = localKubeconfigPath(configPath);
  for (const node of (config.nodes ?? []).filter((n) => nodeRoles(n).includes('controlplane'))) {
    const kubeconfig = adminKubeconfig(bundle, node.address ?? '', config.cluster_name || 'local');
    if (!(await answers(kubeconfig))) {
      log.warn(`Kubernetes API on [${node.address}] did not answer, trying the next controlplane host`);
      continue;
    }
    await backup(target, 'kube_config');
    await writeAdminKubeconfig(target, kubeconfig);
    log.info(`Successfully Deployed local admin kubeconfig at [${target}]`);
    return target;
  }
  throw new RkeError('Failed to get kubeconfig: no controlplane host answered', { file: statePath });
}

export async function getStateFile(configPath: string, log: Logger): Promise<string> {
  const kubeconfigPath = localKubeconfigPath(configPath);
  const kubeconfig = await readFile(kubeconfigPath, 'utf8').catch(() => {
    throw new StateFileError(`can not read kubeconfig [${kubeconfigPath}]`, { file: kubeconfigPath });
  });
  const text = await readFullStateFromCluster(kubeClientsFromKubeconfig(kubeconfig));
  if (text === undefined) throw new RkeError('Unable to get cluster state from Kubernetes: neither Secret nor ConfigMap kube-system/full-cluster-state exists');
  const statePath = stateFilePath(configPath);
  const state = parseState(text, 'kube-system/full-cluster-state');
  await backup(statePath, 'rkestate');
  await writeStateFile(statePath, state);
  log.info(`Successfully Deployed state file at [${statePath}]`);
  return statePath;
}

/** Go's %#v of version.Info, as RKE1 prints it. */
export function formatServerVersion(v: k8s.VersionInfo): string {
  const f = (k: string, val: string) => `${k}:"${val}"`;
  return `Server Version: version.Info{${[
    f('Major', v.major), f('Minor', v.minor), f('GitVersion', v.gitVersion), f('GitCommit', v.gitCommit),
    f('GitTreeState', v.gitTreeState), f('BuildDate', v.buildDate), f('GoVersion', v.goVersion),
    f('Compiler', v.compiler), f('Platform', v.platform),
  ].join(', ')}}`;
}

export async function serverVersion(configPath: string): Promise<k8s.VersionInfo> {
  const path = localKubeconfigPath(configPath);
  const kubeconfig = await readFile(path, 'utf8').catch(() => {
    throw new StateFileError(`Failed to read kubeconfig [${path}]`, { file: path });
  });
  const v = await answers(kubeconfig, 10_000);
  if (!v) throw new RkeError(`Failed to get Kubernetes server version using kubeconfig [${path}]`, { file: path });
  return v;
}
