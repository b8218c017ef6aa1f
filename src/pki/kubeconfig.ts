/**
 * Kubeconfig text exactly as RKE1 renders it (`pki/kubeconfig.go`): component kubeconfigs that
 * reference files under /etc/kubernetes/ssl, and the local admin kubeconfig with embedded data.
 * Both have no trailing newline.
 */
import { posix } from 'node:path';
import { DEFAULT_CLUSTER_CONFIG, KUBE_ADMIN_CONFIG_PREFIX } from './constants.js';

export function componentKubeconfig(
  serverUrl: string,
  clusterName: string,
  componentName: string,
  caPath: string,
  certPath: string,
  keyPath: string,
): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    '    api-version: v1',
    `    certificate-authority: ${caPath}`,
    `    server: "${serverUrl}"`,
    `  name: "${clusterName}"`,
    'contexts:',
    '- context:',
    `    cluster: "${clusterName}"`,
    `    user: "${componentName}-${clusterName}"`,
    `  name: "${clusterName}"`,
    `current-context: "${clusterName}"`,
    'users:',
    `- name: "${componentName}-${clusterName}"`,
    '  user:',
    `    client-certificate: ${certPath}`,
    `    client-key: ${keyPath}`,
  ].join('\n');
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** RKE1 `GetKubeConfigX509WithData`. */
export function kubeconfigWithData(
  serverUrl: string,
  clusterName: string,
  componentName: string,
  caPem: string,
  certPem: string,
  keyPem: string,
): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    '    api-version: v1',
    `    certificate-authority-data: ${b64(caPem)}`,
    `    server: "${serverUrl}"`,
    `  name: "${clusterName}"`,
    'contexts:',
    '- context:',
    `    cluster: "${clusterName}"`,
    `    user: "${componentName}-${clusterName}"`,
    `  name: "${clusterName}"`,
    `current-context: "${clusterName}"`,
    'users:',
    `- name: "${componentName}-${clusterName}"`,
    '  user:',
    `    client-certificate-data: ${b64(certPem)}`,
    `    client-key-data: ${b64(keyPem)}`,
  ].join('\n');
}

/** Go `filepath.Dir` (POSIX): everything up to the last slash, cleaned; "." when none. */
export function goDir(p: string): string {
  const dir = p.slice(0, p.lastIndexOf('/') + 1);
  if (dir === '') return '.';
  const clean = posix.normalize(dir);
  return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}

/** Go `filepath.Base` (POSIX). */
export function goBase(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * RKE1 `GetLocalKubeConfig`: `<dir>/kube_config_<cluster file name>`, where dir is the cluster
 * file's directory, or — RKE1 quirk kept on purpose — the parent of `--config-dir` when given.
 */
export function localKubeconfigPath(clusterFilePath: string = DEFAULT_CLUSTER_CONFIG, configDir = ''): string {
  const configPath = clusterFilePath === '' ? DEFAULT_CLUSTER_CONFIG : clusterFilePath;
  const baseDir = configDir !== '' ? goDir(configDir) : goDir(configPath);
  return `${baseDir}/${KUBE_ADMIN_CONFIG_PREFIX}${goBase(configPath)}`;
}
