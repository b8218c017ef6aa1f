/**
 * `--custom-certs` / `--cert-dir` and `rke cert generate-csr` on disk (RKE1 `pki/util.go`
 * ReadCertsAndKeysFromDir, ReadCSRsAndKeysFromDir, WriteCertificates, ValidateBundleContent).
 * File names: `<name>.pem`, `<name>-key.pem`, `<name>-csr.pem`.
 */
import { mkdir, readdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { certNameForHost, certObject, type CertificateBundle, type CertificatePki } from './bundle.js';
import {
  API_PROXY_CLIENT_CERT_NAME,
  CA_CERT_NAME,
  ETCD_CERT_NAME,
  KUBE_ADMIN_CERT_NAME,
  KUBE_ADMIN_ORGANIZATION,
  KUBE_API_CERT_NAME,
  KUBE_CONTROLLER_CERT_NAME,
  KUBE_NODE_CERT_NAME,
  KUBE_NODE_COMMON_NAME,
  KUBE_NODE_ORGANIZATION,
  KUBE_PROXY_CERT_NAME,
  KUBE_SCHEDULER_CERT_NAME,
  REQUEST_HEADER_CA_CERT_NAME,
} from './constants.js';
import { PkiError } from './errors.js';
import { controlPlaneHosts, etcdHosts, type PkiInput } from './input.js';
import { kubeconfigWithData, localKubeconfigPath } from './kubeconfig.js';
import { certificateDersFromPem, decodePemBlocks, encodePem, encodeRsaKeyPem, rsaKeyFromPem } from './pem.js';
import { inspectCertificatePem } from './x509/inspect.js';
import type { PkiLogger } from './generate.js';
import { log as defaultLog } from '../log/logger.js';

export const CERT_FILE_MODE = 0o640;

const commonNameFor = (name: string): string => (name === KUBE_NODE_CERT_NAME ? KUBE_NODE_COMMON_NAME : name);
const ouNameFor = (name: string): string =>
  name === KUBE_NODE_CERT_NAME ? KUBE_NODE_ORGANIZATION : name === KUBE_ADMIN_CERT_NAME ? KUBE_ADMIN_ORGANIZATION : '';

async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

async function listDir(dir: string): Promise<string[] | null> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => !d.isDirectory()).map((d) => d.name).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new PkiError(`failed to read certificate dir [${dir}]: ${(e as Error).message}`, { file: dir });
  }
}

function certPemFromFile(text: string, fileName: string, dir: string): string {
  if (text === '') return '';
  try {
    // RKE1 keeps only the first certificate, re-encoded
    return encodePem('CERTIFICATE', certificateDersFromPem(text)[0]!);
  } catch (e) {
    throw new PkiError(`failed to read certificate [${fileName}]: ${(e as Error).message}`, { file: join(dir, fileName) });
  }
}

function keyPemFromFile(text: string, fileName: string, dir: string): string {
  if (text === '') return '';
  try {
    return encodeRsaKeyPem(rsaKeyFromPem(text));
  } catch (e) {
    throw new PkiError(`failed to read key [${fileName}], make sure it is not encrypted: ${(e as Error).message}`, {
      file: join(dir, fileName),
    });
  }
}

/** Every `<name>.pem` with its `<name>-key.pem` in `dir`; a missing dir gives an empty bundle. */
export async function readCertsFromDir(dir: string): Promise<CertificateBundle> {
  const files = await listDir(dir);
  const bundle: CertificateBundle = {};
  for (const file of files ?? []) {
    if (!file.endsWith('.pem') || file.endsWith('-key.pem') || file.endsWith('-csr.pem')) continue;
    const name = file.slice(0, -'.pem'.length);
    const cert = certPemFromFile(await readOptional(join(dir, file)), file, dir);
    const key = keyPemFromFile(await readOptional(join(dir, `${name}-key.pem`)), `${name}-key.pem`, dir);
    bundle[name] = certObject(name, commonNameFor(name), ouNameFor(name), cert, key);
  }
  return bundle;
}

/** A bundle entry plus the CSR PEM that `rke cert generate-csr` writes next to it. */
export interface CsrEntry {
  entry: CertificatePki;
  csrPEM: string;
}

/** Every `<name>-csr.pem` with its `<name>-key.pem` (RKE1 ReadCSRsAndKeysFromDir). */
export async function readCsrsFromDir(dir: string): Promise<Record<string, CsrEntry>> {
  const files = await listDir(dir);
  const out: Record<string, CsrEntry> = {};
  for (const file of files ?? []) {
    if (!file.endsWith('-csr.pem')) continue;
    const name = file.slice(0, -'-csr.pem'.length);
    const csrText = await readFile(join(dir, file), 'utf8').catch((e: Error) => {
      throw new PkiError(`failed to read csr [${file}]: ${e.message}`, { file: join(dir, file) });
    });
    const block = decodePemBlocks(csrText)[0];
    if (!block) throw new PkiError(`failed to read csr [${file}]: no PEM block`, { file: join(dir, file) });
    const key = keyPemFromFile(await readOptional(join(dir, `${name}-key.pem`)), `${name}-key.pem`, dir);
    out[name] = { entry: certObject(name, commonNameFor(name), ouNameFor(name), '', key), csrPEM: encodePem('CERTIFICATE REQUEST', block.der) };
  }
  return out;
}

/** RKE1 WriteCertificates: `<name>.pem`, `<name>-key.pem`, `<name>-csr.pem` (mode 0640, dir 0755). */
export async function writeCertificates(dir: string, entries: Record<string, { entry: CertificatePki; csrPEM?: string }>, logger: PkiLogger = defaultLog): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const put = async (file: string, text: string, what: string): Promise<void> => {
    const path = join(dir, file);
    try {
      await writeFile(path, text, { mode: CERT_FILE_MODE });
      await chmod(path, CERT_FILE_MODE);
    } catch (e) {
      throw new PkiError(`Failed to write ${what} to path ${path}: ${(e as Error).message}`, { file: path });
    }
    logger.debug(`Successfully Deployed ${what} file at [${path}]`);
  };
  for (const [name, { entry, csrPEM }] of Object.entries(entries)) {
    if (entry.certificatePEM !== '') await put(`${name}.pem`, entry.certificatePEM, 'certificate');
    if (entry.keyPEM !== '') await put(`${name}-key.pem`, entry.keyPEM, 'key');
    if (csrPEM) await put(`${name}-csr.pem`, csrPEM, 'csr');
  }
  logger.info(`Successfully Deployed certificates at [${dir}]`);
}

export interface ValidateOptions {
  clusterFilePath?: string;
  configDir?: string;
  log?: PkiLogger;
}

/**
 * RKE1 ValidateBundleContent: the custom bundle has every certificate the cluster needs, each
 * issued (by CN) by the right CA. Returns the completed bundle (requestheader CA falls back to
 * kube-ca; kube-admin gets its kubeconfig). Error messages are RKE1's.
 */
export function validateBundleContent(input: PkiInput, bundle: CertificateBundle, opts: ValidateOptions = {}): CertificateBundle {
  const logger = opts.log ?? defaultLog;
  const out: CertificateBundle = { ...bundle };
  const has = (name: string, field: 'certificatePEM' | 'keyPEM'): boolean => (out[name]?.[field] ?? '') !== '';
  const err = (message: string, key: string): never => {
    throw new PkiError(message, { key });
  };
  if (!has(CA_CERT_NAME, 'certificatePEM')) err('Failed to find master CA certificate', CA_CERT_NAME);
  if (!has(REQUEST_HEADER_CA_CERT_NAME, 'certificatePEM')) {
    logger.warn('Failed to find RequestHeader CA certificate, using master CA certificate');
    out[REQUEST_HEADER_CA_CERT_NAME] = certObject(REQUEST_HEADER_CA_CERT_NAME, REQUEST_HEADER_CA_CERT_NAME, '', out[CA_CERT_NAME]!.certificatePEM, '');
  }
  const components = [
    KUBE_API_CERT_NAME,
    KUBE_CONTROLLER_CERT_NAME,
    KUBE_SCHEDULER_CERT_NAME,
    KUBE_PROXY_CERT_NAME,
    KUBE_NODE_CERT_NAME,
    KUBE_ADMIN_CERT_NAME,
    API_PROXY_CLIENT_CERT_NAME,
  ];
  for (const name of components) {
    if (!has(name, 'certificatePEM') || !has(name, 'keyPEM')) err(`Failed to find [${name}] Certificate or Key`, name);
  }
  const etcdNames = etcdHosts(input).map((h) => certNameForHost(h, ETCD_CERT_NAME));
  for (const name of etcdNames) {
    if (!has(name, 'certificatePEM') || !has(name, 'keyPEM')) err(`Failed to find etcd [${name}] Certificate or Key`, name);
  }
  const cp = controlPlaneHosts(input)[0];
  if (cp) {
    const admin = { ...out[KUBE_ADMIN_CERT_NAME]! };
    admin.config = kubeconfigWithData(
      `https://${cp.address}:6443`,
      input.clusterName,
      KUBE_ADMIN_CERT_NAME,
      out[CA_CERT_NAME]!.certificatePEM,
      admin.certificatePEM,
      admin.keyPEM,
    );
    admin.configPath = localKubeconfigPath(opts.clusterFilePath, opts.configDir);
    out[KUBE_ADMIN_CERT_NAME] = admin;
  }
  const caCn = inspectCertificatePem(out[CA_CERT_NAME]!.certificatePEM).subjectCommonName;
  for (const name of [KUBE_API_CERT_NAME, KUBE_CONTROLLER_CERT_NAME, KUBE_SCHEDULER_CERT_NAME, KUBE_PROXY_CERT_NAME, KUBE_NODE_CERT_NAME, KUBE_ADMIN_CERT_NAME, ...etcdNames]) {
    if (inspectCertificatePem(out[name]!.certificatePEM).issuerCommonName !== caCn) {
      err(`Component [${name}] is not signed by the custom CA certificate`, name);
    }
  }
  const rhCn = inspectCertificatePem(out[REQUEST_HEADER_CA_CERT_NAME]!.certificatePEM).subjectCommonName;
  if (inspectCertificatePem(out[API_PROXY_CLIENT_CERT_NAME]!.certificatePEM).issuerCommonName !== rhCn) {
    err(`Component [${API_PROXY_CLIENT_CERT_NAME}] is not signed by the custom Request Header CA certificate`, API_PROXY_CLIENT_CERT_NAME);
  }
  return out;
}
