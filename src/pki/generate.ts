/**
 * Building the certificate bundle the way RKE1 does on `rke up` and `rke cert rotate`
 * (`pki/services.go GenerateRKEServicesCerts` and friends, `cluster/state.go RebuildState`,
 * `cluster/certificates.go RotateRKECertificates`):
 *
 *  1. plan (pure, synchronous): walk RKE1's generator list in its order against the previous
 *     bundle and decide, per certificate, keep / (re)sign / alias / delete and which key to use;
 *  2. generate every new RSA key concurrently;
 *  3. sign: CAs first, then every leaf concurrently; apply results in plan order.
 *
 * Entries that are kept stay byte for byte as they were.
 */
import type { KeyObject } from 'node:crypto';
import { log as defaultLog } from '../log/logger.js';
import { altNamesEqualOrdered, altNamesEqualSorted, clusterAltNames, hostAltNames, type AltNames } from './altnames.js';
import { certNameForHost, certObject, cloneBundle, type CertificateBundle, type CertificatePki } from './bundle.js';
import {
  API_PROXY_CLIENT_CERT_NAME,
  CA_CERT_NAME,
  DEFAULT_CLUSTER_CONFIG,
  ETCD_CERT_NAME,
  ETCD_CLIENT_CA_CERT_NAME,
  ETCD_CLIENT_CERT_NAME,
  KUBE_ADMIN_CERT_NAME,
  KUBE_ADMIN_ORGANIZATION,
  KUBE_API_CERT_NAME,
  KUBE_CONTROLLER_CERT_NAME,
  KUBE_NODE_CERT_NAME,
  KUBE_NODE_COMMON_NAME,
  KUBE_NODE_ORGANIZATION,
  KUBE_PROXY_CERT_NAME,
  KUBE_SCHEDULER_CERT_NAME,
  KUBELET_CERT_NAME,
  REQUEST_HEADER_CA_CERT_NAME,
  SERVICE_ACCOUNT_TOKEN_KEY_NAME,
} from './constants.js';
import { PkiError } from './errors.js';
import { controlPlaneHosts, etcdHosts, hostsWithRole, usesExternalEtcd, type PkiInput } from './input.js';
import { kubernetesServiceIps } from './ip.js';
import { generateRsaKeyPairs, keyPairFromPem, type RsaKeyPair } from './keys.js';
import { kubeconfigWithData, localKubeconfigPath } from './kubeconfig.js';
import { certificateDersFromPem, encodePem, encodeRsaKeyPem, normalizeRsaKeyPem, rsaKeyFromPem } from './pem.js';
import { buildCaCertificate, buildSignedCertificate, type LeafSpec } from './x509/build.js';
import { inspectCertificatePem } from './x509/inspect.js';

export interface PkiLogger {
  info(message: string): void;
  debug(message: string): void;
  warn(message: string): void;
}

export interface GenerateOptions {
  /** Clock for NotBefore/NotAfter (tests); default now. */
  now?: Date;
  /** --config (cluster file path) and --config-dir: only used for kube-admin's `configPath`. */
  clusterFilePath?: string;
  configDir?: string;
  log?: PkiLogger;
}

/** The components `rke cert rotate --service` accepts. */
export const ROTATABLE_SERVICES = ['etcd', 'kubelet', 'kube-apiserver', 'kube-proxy', 'kube-scheduler', 'kube-controller-manager'] as const;
export type RotatableService = (typeof ROTATABLE_SERVICES)[number];

export interface RotateOptions extends GenerateOptions {
  rotateCa?: boolean;
  /** Empty (or a single empty string, like RKE1) means every service certificate. */
  services?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// plan

type KeySource = { kind: 'new' } | { kind: 'pem'; pem: string } | { kind: 'of'; name: string };

type Job =
  | { kind: 'ca'; name: string; key: KeySource }
  | { kind: 'leaf'; name: string; commonName: string; ouName: string; spec: LeafSpec; signer: string; key: KeySource }
  | { kind: 'alias'; name: string; from: string; commonName: string }
  | { kind: 'set'; name: string; entry: CertificatePki }
  | { kind: 'delete'; name: string }
  | { kind: 'adminConfig'; server: string | null; configPath: string };

/** What the planner knows about an entry: the stored one, or one a job will produce. */
interface Slot {
  certPem: string;
  hasCert: boolean;
  key: KeySource | null;
  pending: boolean;
}

class Planner {
  readonly jobs: Job[] = [];
  private readonly slots = new Map<string, Slot>();

  constructor(
    readonly input: PkiInput,
    bundle: CertificateBundle,
    private readonly logger: PkiLogger,
  ) {
    for (const [name, e] of Object.entries(bundle)) {
      this.slots.set(name, {
        certPem: e.certificatePEM,
        hasCert: e.certificatePEM !== '' && parsesAsCert(e.certificatePEM),
        key: e.keyPEM !== '' && parsesAsKey(e.keyPEM) ? { kind: 'pem', pem: e.keyPEM } : null,
        pending: false,
      });
    }
  }

  info(m: string): void {
    this.logger.info(m);
  }
  debug(m: string): void {
    this.logger.debug(m);
  }

  has(name: string): boolean {
    return this.slots.has(name);
  }
  hasCert(name: string): boolean {
    return this.slots.get(name)?.hasCert ?? false;
  }
  key(name: string): KeySource | null {
    return this.slots.get(name)?.key ?? null;
  }
  /** The stored certificate's SANs; null when absent or about to be replaced. */
  storedAltNames(name: string): AltNames | null {
    const s = this.slots.get(name);
    if (!s || !s.hasCert || s.pending) return null;
    return inspectCertificatePem(s.certPem).altNames;
  }
  names(): string[] {
    return [...this.slots.keys()];
  }

  requireCa(name: string, message: string): void {
    const s = this.slots.get(name);
    if (!s?.hasCert || !s.key) throw new PkiError(message, { key: name });
  }

  ca(name: string): void {
    this.jobs.push({ kind: 'ca', name, key: { kind: 'new' } });
    this.slots.set(name, { certPem: '', hasCert: true, key: { kind: 'of', name }, pending: true });
  }

  leaf(name: string, commonName: string, ouName: string, spec: LeafSpec, signer: string, key: KeySource | null): void {
    this.jobs.push({ kind: 'leaf', name, commonName, ouName, spec, signer, key: key ?? { kind: 'new' } });
    this.slots.set(name, { certPem: '', hasCert: true, key: { kind: 'of', name }, pending: true });
  }

  alias(name: string, from: string, commonName: string): void {
    this.jobs.push({ kind: 'alias', name, from, commonName });
    const src = this.slots.get(from);
    this.slots.set(name, { certPem: '', hasCert: src?.hasCert ?? false, key: { kind: 'of', name: from }, pending: true });
  }

  set(name: string, entry: CertificatePki): void {
    this.jobs.push({ kind: 'set', name, entry });
    this.slots.set(name, { certPem: entry.certificatePEM, hasCert: entry.certificatePEM !== '', key: null, pending: false });
  }

  delete(name: string): void {
    this.jobs.push({ kind: 'delete', name });
    this.slots.delete(name);
  }

  adminConfig(server: string | null, configPath: string): void {
    this.jobs.push({ kind: 'adminConfig', server, configPath });
  }
}

function parsesAsCert(pem: string): boolean {
  try {
    inspectCertificatePem(pem);
    return true;
  } catch {
    return false;
  }
}

function parsesAsKey(pem: string): boolean {
  try {
    rsaKeyFromPem(pem);
    return true;
  } catch {
    return false;
  }
}

function serviceIps(input: PkiInput): string[] {
  try {
    return kubernetesServiceIps(input.serviceClusterIpRange);
  } catch (e) {
    throw new PkiError(`Failed to get Kubernetes Service IP: ${(e as Error).message}`, {
      key: 'services.kube-api.service_cluster_ip_range',
    });
  }
}

const CA_EMPTY = 'CA Certificate or Key is empty';

function planCaCerts(p: Planner): void {
  p.info('[certificates] Generating CA kubernetes certificates');
  p.ca(CA_CERT_NAME);
  planRequestHeaderCa(p);
}

function planRequestHeaderCa(p: Planner): void {
  p.info('[certificates] Generating Kubernetes API server aggregation layer requestheader client CA certificates');
  p.ca(REQUEST_HEADER_CA_CERT_NAME);
}

function planKubeApi(p: Planner, rotate: boolean): void {
  p.requireCa(CA_CERT_NAME, CA_EMPTY);
  const wanted = clusterAltNames(controlPlaneHosts(p.input), p.input.clusterDomain, serviceIps(p.input), p.input.sans);
  const stored = p.storedAltNames(KUBE_API_CERT_NAME);
  if (stored && altNamesEqualOrdered(wanted, stored) && !rotate) return;
  p.info('[certificates] Generating Kubernetes API server certificates');
  p.leaf(KUBE_API_CERT_NAME, '', '', { commonName: KUBE_API_CERT_NAME, serverAuth: true, altNames: wanted }, CA_CERT_NAME, rotate ? null : p.key(KUBE_API_CERT_NAME));
  // clusters older than the separate service-account key (and fresh ones) use the apiserver key
  if (!p.key(SERVICE_ACCOUNT_TOKEN_KEY_NAME)) {
    p.info('[certificates] Generating Service account token key');
    p.alias(SERVICE_ACCOUNT_TOKEN_KEY_NAME, KUBE_API_CERT_NAME, SERVICE_ACCOUNT_TOKEN_KEY_NAME);
  }
}

function planServiceTokenKey(p: Planner): void {
  p.requireCa(CA_CERT_NAME, CA_EMPTY);
  if (p.hasCert(SERVICE_ACCOUNT_TOKEN_KEY_NAME)) return;
  const key = p.key(SERVICE_ACCOUNT_TOKEN_KEY_NAME) ?? p.key(KUBE_API_CERT_NAME);
  p.leaf(SERVICE_ACCOUNT_TOKEN_KEY_NAME, SERVICE_ACCOUNT_TOKEN_KEY_NAME, '', { commonName: SERVICE_ACCOUNT_TOKEN_KEY_NAME, serverAuth: false }, CA_CERT_NAME, key);
}

function planSimpleClient(p: Planner, rotate: boolean, name: string, logLine: string): void {
  p.requireCa(CA_CERT_NAME, CA_EMPTY);
  if (p.hasCert(name) && !rotate) return;
  p.info(logLine);
  p.leaf(name, '', '', { commonName: `system:${name}`, serverAuth: false }, CA_CERT_NAME, rotate ? null : p.key(name));
}

function planKubeNode(p: Planner, rotate: boolean): void {
  p.requireCa(CA_CERT_NAME, CA_EMPTY);
  if (p.hasCert(KUBE_NODE_CERT_NAME) && !rotate) return;
  p.info('[certificates] Generating Node certificate');
  // RKE1 quirk kept: kube-node reuses the kube-proxy key unless rotating
  p.leaf(
    KUBE_NODE_CERT_NAME,
    KUBE_NODE_COMMON_NAME,
    KUBE_NODE_ORGANIZATION,
    { commonName: KUBE_NODE_COMMON_NAME, organizations: [KUBE_NODE_ORGANIZATION], serverAuth: false },
    CA_CERT_NAME,
    rotate ? null : p.key(KUBE_PROXY_CERT_NAME),
  );
}

function planKubeAdmin(p: Planner, rotate: boolean, clusterFilePath: string, configDir: string): void {
  p.info('[certificates] Generating admin certificates and kubeconfig');
  p.requireCa(CA_CERT_NAME, CA_EMPTY);
  p.leaf(
    KUBE_ADMIN_CERT_NAME,
    KUBE_ADMIN_CERT_NAME,
    KUBE_ADMIN_ORGANIZATION,
    { commonName: KUBE_ADMIN_CERT_NAME, organizations: [KUBE_ADMIN_ORGANIZATION], serverAuth: false },
    CA_CERT_NAME,
    rotate ? null : p.key(KUBE_ADMIN_CERT_NAME),
  );
  const cp = controlPlaneHosts(p.input)[0];
  p.adminConfig(cp ? `https://${cp.address}:6443` : null, localKubeconfigPath(clusterFilePath, configDir));
}

function planApiProxyClient(p: Planner, rotate: boolean): void {
  p.requireCa(REQUEST_HEADER_CA_CERT_NAME, 'Request Header CA Certificate or Key is empty');
  if (p.hasCert(API_PROXY_CLIENT_CERT_NAME) && !rotate) return;
  p.info('[certificates] Generating Kubernetes API server proxy client certificates');
  p.leaf(
    API_PROXY_CLIENT_CERT_NAME,
    '',
    '',
    { commonName: API_PROXY_CLIENT_CERT_NAME, serverAuth: true },
    REQUEST_HEADER_CA_CERT_NAME,
    rotate ? null : p.key(API_PROXY_CLIENT_CERT_NAME),
  );
}

/** RKE1 `deleteUnusedCerts`: prefix match, so `kube-etcd` also drops `kube-etcd-client*`. */
function planDeleteUnused(p: Planner, prefix: string, keep: readonly string[]): void {
  for (const name of p.names()) {
    if (name.startsWith(prefix) && !keep.includes(name)) {
      p.info(`[certificates] Deleting unused certificate: ${name}`);
      p.delete(name);
    }
  }
}

function planEtcd(p: Planner, rotate: boolean): void {
  p.requireCa(CA_CERT_NAME, CA_EMPTY);
  const hosts = etcdHosts(p.input);
  const wanted = clusterAltNames(hosts, p.input.clusterDomain, serviceIps(p.input), []);
  const names = hosts.map((h) => certNameForHost(h, ETCD_CERT_NAME));
  for (const name of names) {
    const stored = p.storedAltNames(name);
    if (!rotate && stored && altNamesEqualSorted(wanted, stored)) continue;
    p.info(`[certificates] Generating ${name} certificate and key`);
    p.leaf(name, '', '', { commonName: ETCD_CERT_NAME, serverAuth: true, altNames: wanted }, CA_CERT_NAME, rotate ? null : p.key(name));
  }
  planDeleteUnused(p, ETCD_CERT_NAME, names);
}

function planKubelet(p: Planner, rotate: boolean): void {
  p.requireCa(CA_CERT_NAME, CA_EMPTY);
  p.debug('[certificates] Generating Kubernetes Kubelet certificates');
  const hosts = hostsWithRole(p.input);
  const names: string[] = [];
  for (const host of hosts) {
    const name = certNameForHost(host, KUBELET_CERT_NAME);
    names.push(name);
    if (p.hasCert(name) && !rotate) continue; // RKE1 does not re-sign on SAN changes
    p.debug(`[certificates] Generating ${name} certificate and key`);
    p.leaf(name, '', '', { commonName: name, serverAuth: true, altNames: hostAltNames(host) }, CA_CERT_NAME, rotate ? null : p.key(name));
  }
  planDeleteUnused(p, KUBELET_CERT_NAME, names);
}

function planExternalEtcd(p: Planner): void {
  const ext = p.input.externalEtcd;
  if (!ext) return;
  const subject = { key: 'services.etcd' };
  let clientCert: Buffer, caCert: Buffer, clientKey: KeyObject;
  try {
    clientCert = certificateDersFromPem(ext.cert)[0] as Buffer;
    clientKey = rsaKeyFromPem(ext.key);
    caCert = certificateDersFromPem(ext.caCert)[0] as Buffer;
  } catch (e) {
    throw new PkiError(`external etcd certificates: ${(e as Error).message}`, subject);
  }
  p.set(ETCD_CLIENT_CERT_NAME, certObject(ETCD_CLIENT_CERT_NAME, '', '', encodePem('CERTIFICATE', clientCert), encodeRsaKeyPem(clientKey)));
  p.set(ETCD_CLIENT_CA_CERT_NAME, certObject(ETCD_CLIENT_CA_CERT_NAME, '', '', encodePem('CERTIFICATE', caCert), ''));
}

/** RKE1 `GenerateRKEServicesCerts`. */
function planServices(p: Planner, rotate: boolean, clusterFilePath: string, configDir: string): void {
  if (!p.input.generateServingCertificate) {
    p.info('[certificates] GenerateServingCertificate is disabled, checking if there are unused kubelet certificates');
    for (const name of p.names()) {
      if (name.startsWith(KUBELET_CERT_NAME)) {
        p.info(`[certificates] Deleting unused kubelet certificate: ${name}`);
        p.delete(name);
      }
    }
  }
  planKubeApi(p, rotate);
  planServiceTokenKey(p);
  planSimpleClient(p, rotate, KUBE_CONTROLLER_CERT_NAME, '[certificates] Generating Kube Controller certificates');
  planSimpleClient(p, rotate, KUBE_SCHEDULER_CERT_NAME, '[certificates] Generating Kube Scheduler certificates');
  planSimpleClient(p, rotate, KUBE_PROXY_CERT_NAME, '[certificates] Generating Kube Proxy certificates');
  planKubeNode(p, rotate);
  planKubeAdmin(p, rotate, clusterFilePath, configDir);
  planApiProxyClient(p, rotate);
  planEtcd(p, rotate);
  if (p.input.generateServingCertificate) planKubelet(p, rotate);
  if (usesExternalEtcd(p.input)) planExternalEtcd(p);
}

// ---------------------------------------------------------------------------------------------
// execute

async function execute(planner: Planner, start: CertificateBundle, opts: GenerateOptions): Promise<CertificateBundle> {
  const now = opts.now ?? new Date();
  const bundle = cloneBundle(start);
  const jobs = planner.jobs;

  const newKeyCount = jobs.filter((j) => (j.kind === 'ca' || j.kind === 'leaf') && j.key.kind === 'new').length;
  const fresh = await generateRsaKeyPairs(newKeyCount);

  // keys, in plan order ("of" refers to the latest decision for that name)
  const keyOf = new Map<string, { pair: RsaKeyPair; pem: string }>();
  const resolve = (src: KeySource, forName: string): { pair: RsaKeyPair; pem: string } => {
    if (src.kind === 'new') {
      const pair = fresh.pop();
      if (!pair) throw new Error('internal: key pool exhausted');
      return { pair, pem: encodeRsaKeyPem(pair.privateKey) };
    }
    if (src.kind === 'pem') return { pair: keyPairFromPem(src.pem), pem: normalizeRsaKeyPem(src.pem) };
    const known = keyOf.get(src.name);
    if (known) return known;
    const stored = bundle[src.name]?.keyPEM ?? start[src.name]?.keyPEM ?? '';
    if (stored === '') throw new PkiError(`no private key for ${src.name} (needed by ${forName})`, { key: forName });
    return { pair: keyPairFromPem(stored), pem: normalizeRsaKeyPem(stored) };
  };
  const jobKeys = new Map<Job, { pair: RsaKeyPair; pem: string }>();
  for (const job of jobs) {
    if (job.kind === 'ca' || job.kind === 'leaf') {
      const k = resolve(job.key, job.name);
      jobKeys.set(job, k);
      keyOf.set(job.name, k);
    }
  }

  // CAs first: leaves need their DER
  const caPems = new Map<string, string>();
  for (const job of jobs) {
    if (job.kind !== 'ca') continue;
    const k = jobKeys.get(job)!;
    caPems.set(job.name, await buildCaCertificate(job.name, k.pair.privateKey, k.pair.publicKey, now));
  }
  const signerOf = (name: string): { certDer: Buffer; key: KeyObject } => {
    const certPem = caPems.get(name) ?? start[name]?.certificatePEM ?? '';
    const keyPem = keyOf.get(name)?.pem ?? start[name]?.keyPEM ?? '';
    return { certDer: certificateDersFromPem(certPem)[0] as Buffer, key: keyPairFromPem(keyPem).privateKey };
  };
  const leafPems = new Map<Job, Promise<string>>();
  for (const job of jobs) {
    if (job.kind !== 'leaf') continue;
    const k = jobKeys.get(job)!;
    leafPems.set(job, buildSignedCertificate(job.spec, k.pair.publicKey, signerOf(job.signer), now));
  }
  await Promise.all(leafPems.values());

  for (const job of jobs) {
    switch (job.kind) {
      case 'ca':
        bundle[job.name] = certObject(job.name, '', '', caPems.get(job.name)!, jobKeys.get(job)!.pem);
        break;
      case 'leaf':
        bundle[job.name] = certObject(job.name, job.commonName, job.ouName, await leafPems.get(job)!, jobKeys.get(job)!.pem);
        break;
      case 'alias': {
        const src = bundle[job.from]!;
        bundle[job.name] = certObject(job.name, job.commonName, '', src.certificatePEM, src.keyPEM);
        break;
      }
      case 'set':
        bundle[job.name] = job.entry;
        break;
      case 'delete':
        delete bundle[job.name];
        break;
      case 'adminConfig': {
        const admin = bundle[KUBE_ADMIN_CERT_NAME]!;
        if (job.server === null) {
          admin.config = '';
        } else {
          const caDer = certificateDersFromPem(bundle[CA_CERT_NAME]!.certificatePEM)[0] as Buffer;
          admin.config = kubeconfigWithData(
            job.server,
            planner.input.clusterName,
            KUBE_ADMIN_CERT_NAME,
            encodePem('CERTIFICATE', caDer),
            admin.certificatePEM,
            encodeRsaKeyPem(rsaKeyFromPem(admin.keyPEM)),
          );
          admin.configPath = job.configPath;
        }
        break;
      }
    }
  }
  return bundle;
}

// ---------------------------------------------------------------------------------------------
// public API

/**
 * The certificate bundle for `input`. Without `previous`: a fresh PKI (RKE1 `GenerateRKECerts`;
 * kube-admin's configPath is then always `./kube_config_cluster.yml`, as in RKE1). With
 * `previous` (the old desiredState bundle): RKE1 `rebuildExistingState` — keep what is valid,
 * add what is missing, re-sign kube-apiserver when its SANs changed and etcd certs when the etcd
 * SAN set changed (keys reused), re-sign kube-admin, drop certs of removed hosts.
 */
export async function generateClusterCerts(
  input: PkiInput,
  previous?: CertificateBundle,
  opts: GenerateOptions = {},
): Promise<CertificateBundle> {
  const logger = opts.log ?? defaultLog;
  const start = previous ? cloneBundle(previous) : {};
  const p = new Planner(input, start, logger);
  if (!previous) {
    planCaCerts(p);
    planServices(p, false, DEFAULT_CLUSTER_CONFIG, '');
  } else {
    if (!p.hasCert(REQUEST_HEADER_CA_CERT_NAME)) planRequestHeaderCa(p);
    planServices(p, false, opts.clusterFilePath ?? DEFAULT_CLUSTER_CONFIG, opts.configDir ?? '');
  }
  return execute(p, start, opts);
}

const ROTATE_MAP: Record<RotatableService, (p: Planner) => void> = {
  'kube-apiserver': (p) => planKubeApi(p, true),
  'kube-controller-manager': (p) => planSimpleClient(p, true, KUBE_CONTROLLER_CERT_NAME, '[certificates] Generating Kube Controller certificates'),
  'kube-scheduler': (p) => planSimpleClient(p, true, KUBE_SCHEDULER_CERT_NAME, '[certificates] Generating Kube Scheduler certificates'),
  'kube-proxy': (p) => planSimpleClient(p, true, KUBE_PROXY_CERT_NAME, '[certificates] Generating Kube Proxy certificates'),
  kubelet: (p) => {
    planKubeNode(p, true);
    if (p.input.generateServingCertificate) planKubelet(p, true);
  },
  etcd: (p) => planEtcd(p, true),
};

/** RKE1 `RotateRKECertificates` (new keys for everything rotated; the service-account key is kept). */
export async function rotateClusterCerts(input: PkiInput, current: CertificateBundle, opts: RotateOptions = {}): Promise<CertificateBundle> {
  const logger = opts.log ?? defaultLog;
  const start = cloneBundle(current);
  const p = new Planner(input, start, logger);
  let services = [...(opts.services ?? [])];
  if (opts.rotateCa) {
    planCaCerts(p);
    services = [];
  }
  for (const s of services) ROTATE_MAP[s as RotatableService]?.(p);
  if (services.length === 0 || (services.length === 1 && services[0] === '')) {
    if (!p.hasCert(REQUEST_HEADER_CA_CERT_NAME)) planRequestHeaderCa(p);
    planServices(p, true, opts.clusterFilePath ?? DEFAULT_CLUSTER_CONFIG, opts.configDir ?? '');
  }
  return execute(p, start, opts);
}
