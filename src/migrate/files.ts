/**
 * Files RKE2 reads that carry the RKE1 cluster's identity: the CAs and the service-account key
 * under server/tls, the secrets-encryption keys, registries.yaml, and the cluster token. Pure.
 */
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import type { ClusterConfig } from '../config/index.js';
import { StateFileError } from '../errors.js';
import type { CertificateBundle } from '../pki/index.js';
import type { FullState } from '../state/index.js';
import { RKE2_ENCRYPTION_CONFIG_FILE, RKE2_TLS_DIR } from './paths.js';

export interface NodeFile {
  path: string;
  content: string;
  mode: number;
}

/** The bundle RKE1 last deployed (currentState), else the desired one. */
export function deployedCertificates(state: FullState): CertificateBundle {
  return state.currentState.certificatesBundle ?? state.desiredState.certificatesBundle ?? {};
}

/**
 * RKE1 signs server, client and etcd certificates with the one kube-ca, so RKE2 gets it in all four
 * CA roles; the request-header CA and the service-account key keep their own names.
 */
export function tlsFiles(bundle: CertificateBundle, stateFile = 'cluster.rkestate'): NodeFile[] {
  const ca = bundle['kube-ca'];
  if (!ca?.certificatePEM || !ca.keyPEM) throw new StateFileError('kube-ca certificate or key missing from the state: nothing to migrate the cluster identity from', { file: stateFile, key: 'kube-ca' });
  const sa = bundle['kube-service-account-token'];
  if (!sa?.keyPEM) throw new StateFileError('kube-service-account-token key missing from the state', { file: stateFile, key: 'kube-service-account-token' });
  const files: NodeFile[] = [];
  for (const name of ['server-ca', 'client-ca', 'etcd/server-ca', 'etcd/peer-ca']) {
    files.push({ path: `${RKE2_TLS_DIR}/${name}.crt`, content: ca.certificatePEM, mode: 0o644 });
    files.push({ path: `${RKE2_TLS_DIR}/${name}.key`, content: ca.keyPEM, mode: 0o600 });
  }
  const rh = bundle['kube-apiserver-requestheader-ca'];
  if (rh?.certificatePEM && rh.keyPEM) {
    files.push({ path: `${RKE2_TLS_DIR}/request-header-ca.crt`, content: rh.certificatePEM, mode: 0o644 });
    files.push({ path: `${RKE2_TLS_DIR}/request-header-ca.key`, content: rh.keyPEM, mode: 0o600 });
  }
  files.push({ path: `${RKE2_TLS_DIR}/service.key`, content: sa.keyPEM, mode: 0o600 });
  return files;
}

/**
 * RKE2's secure token format: K10 + SHA-256 of the server CA file (joining nodes pin the CA with
 * it) + `::server:` + the shared secret.
 */
export function clusterToken(serverCaPem: string, secret: string): string {
  return `K10${createHash('sha256').update(serverCaPem).digest('hex')}::server:${secret}`;
}

/** The EncryptionConfiguration RKE1 used (state file first, cluster.yml custom_config second), as JSON. */
export function encryptionFile(state: FullState, config: ClusterConfig): NodeFile | undefined {
  const yamlText = state.currentState.encryptionConfig ?? state.desiredState.encryptionConfig;
  const custom = config.services?.['kube-api']?.secrets_encryption_config?.custom_config;
  const object = yamlText ? (parse(yamlText) as unknown) : custom;
  if (!object) return undefined;
  return { path: RKE2_ENCRYPTION_CONFIG_FILE, content: `${JSON.stringify(object, null, 2)}\n`, mode: 0o600 };
}

const q = (s: string) => JSON.stringify(s);

/** registries.yaml from private_registries: credentials per registry (docker.io when the url is empty). */
export function registriesYaml(config: ClusterConfig): string | undefined {
  const registries = config.private_registries ?? [];
  if (registries.length === 0) return undefined;
  const lines = ['# From cluster.yml private_registries (rke migrate rke2).', 'configs:'];
  for (const r of registries) {
    const host = r.url || 'docker.io';
    if (r.user || r.password) {
      lines.push(`  ${q(host)}:`, '    auth:', `      username: ${q(r.user ?? '')}`, `      password: ${q(r.password ?? '')}`);
    } else {
      lines.push(`  ${q(host)}: {}`);
    }
  }
  lines.push(
    '# A registry that serves plain HTTP also needs a mirror entry, for example:',
    '# mirrors:',
    `#   ${q(registries[0]!.url || 'docker.io')}:`,
    '#     endpoint:',
    `#       - ${q(`http://${registries[0]!.url || 'docker.io'}`)}`,
  );
  return `${lines.join('\n')}\n`;
}
