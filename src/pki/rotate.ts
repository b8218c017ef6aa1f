/**
 * Certificate rotation decisions, pure: which bundle entries a `rke cert rotate` request re-issues
 * (the same rules as `rotateClusterCerts`, RKE1 RotateRKECertificates), how long each certificate
 * has left, and what `rke up` rotates on its own when certificates are about to expire.
 */
import { X509Certificate } from 'node:crypto';
import type { CertificateBundle } from './bundle.js';
import { certNameForHost } from './bundle.js';
import {
  API_PROXY_CLIENT_CERT_NAME,
  CA_CERT_NAME,
  ETCD_CERT_NAME,
  ETCD_CLIENT_CA_CERT_NAME,
  ETCD_CLIENT_CERT_NAME,
  KUBE_ADMIN_CERT_NAME,
  KUBE_API_CERT_NAME,
  KUBE_CONTROLLER_CERT_NAME,
  KUBE_NODE_CERT_NAME,
  KUBE_PROXY_CERT_NAME,
  KUBE_SCHEDULER_CERT_NAME,
  KUBELET_CERT_NAME,
  REQUEST_HEADER_CA_CERT_NAME,
  SERVICE_ACCOUNT_TOKEN_KEY_NAME,
} from './constants.js';
import { ROTATABLE_SERVICES, type RotatableService } from './generate.js';
import { etcdHosts, hostsWithRole, type PkiInput } from './input.js';
import { PkiError } from './errors.js';

export interface RotationRequest {
  rotateCa?: boolean;
  /** Empty (or one empty string, as RKE1 accepts) = every service certificate. */
  services?: readonly string[];
}

const DAY_MS = 24 * 3600 * 1000;

/** RKE1 accepts these for `--service`; anything else is an error naming the allowed values. */
export function validateRotateServices(services: readonly string[]): RotatableService[] {
  const bad = services.filter((s) => s !== '' && !(ROTATABLE_SERVICES as readonly string[]).includes(s));
  if (bad.length > 0) {
    throw new PkiError(`Failed to rotate certificates: unknown service [${bad.join(', ')}], allowed values: ${ROTATABLE_SERVICES.join(', ')}`, {});
  }
  return services.filter((s) => s !== '') as RotatableService[];
}

const rotatesAllServices = (req: RotationRequest): boolean =>
  req.rotateCa === true || (req.services ?? []).length === 0 || (req.services!.length === 1 && req.services![0] === '');

function etcdCertNames(input: PkiInput): string[] {
  return etcdHosts(input).map((h) => certNameForHost(h, ETCD_CERT_NAME));
}

function kubeletCertNames(input: PkiInput): string[] {
  return input.generateServingCertificate ? hostsWithRole(input).map((h) => certNameForHost(h, KUBELET_CERT_NAME)) : [];
}

/** Bundle entries one `--service` re-issues. */
export function certificatesOfService(input: PkiInput, service: RotatableService): string[] {
  switch (service) {
    case 'kube-apiserver':
      return [KUBE_API_CERT_NAME];
    case 'kube-controller-manager':
      return [KUBE_CONTROLLER_CERT_NAME];
    case 'kube-scheduler':
      return [KUBE_SCHEDULER_CERT_NAME];
    case 'kube-proxy':
      return [KUBE_PROXY_CERT_NAME];
    case 'kubelet':
      return [KUBE_NODE_CERT_NAME, ...kubeletCertNames(input)];
    case 'etcd':
      return etcdCertNames(input);
  }
}

/**
 * Bundle keys a rotation re-issues with new keys. Never the service-account token key (tokens
 * stay valid) nor user-supplied external etcd certificates.
 */
export function certificatesRotatedBy(input: PkiInput, req: RotationRequest): string[] {
  if (!rotatesAllServices(req)) {
    const names = validateRotateServices(req.services ?? []).flatMap((s) => certificatesOfService(input, s));
    return [...new Set(names)];
  }
  return [
    ...(req.rotateCa ? [CA_CERT_NAME, REQUEST_HEADER_CA_CERT_NAME] : []),
    KUBE_API_CERT_NAME,
    KUBE_CONTROLLER_CERT_NAME,
    KUBE_SCHEDULER_CERT_NAME,
    KUBE_PROXY_CERT_NAME,
    KUBE_NODE_CERT_NAME,
    KUBE_ADMIN_CERT_NAME,
    API_PROXY_CLIENT_CERT_NAME,
    ...etcdCertNames(input),
    ...kubeletCertNames(input),
  ];
}

export interface CertificateExpiry {
  name: string;
  notAfter: Date;
  /** Whole days left (negative once expired), rounded down. */
  daysLeft: number;
}

/** Entries whose certificate matters as a certificate (the service-account entry is only a key). */
const NOT_A_CERTIFICATE = new Set([SERVICE_ACCOUNT_TOKEN_KEY_NAME]);

/** Expiry of every certificate in the bundle, soonest first. */
export function certificateExpiries(bundle: CertificateBundle, now: Date): CertificateExpiry[] {
  const out: CertificateExpiry[] = [];
  for (const [name, entry] of Object.entries(bundle)) {
    if (NOT_A_CERTIFICATE.has(name) || !entry.certificatePEM) continue;
    let notAfter: Date;
    try {
      notAfter = new Date(new X509Certificate(entry.certificatePEM).validTo);
    } catch {
      continue;
    }
    out.push({ name, notAfter, daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS) });
  }
  return out.sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime() || a.name.localeCompare(b.name));
}

/** The `--service` a certificate belongs to; `all` for entries only a full rotation re-issues. */
function serviceOfCertificate(name: string): RotatableService | 'all' | 'ca' | 'external' {
  if (name === CA_CERT_NAME || name === REQUEST_HEADER_CA_CERT_NAME) return 'ca';
  if (name === ETCD_CLIENT_CERT_NAME || name === ETCD_CLIENT_CA_CERT_NAME) return 'external';
  if (name === KUBE_NODE_CERT_NAME || name.startsWith(`${KUBELET_CERT_NAME}-`)) return 'kubelet';
  if (name.startsWith(`${ETCD_CERT_NAME}-`)) return 'etcd';
  if ((ROTATABLE_SERVICES as readonly string[]).includes(name)) return name as RotatableService;
  return 'all';
}

export interface ExpiryDecision {
  /** Certificates within the window. */
  expiring: CertificateExpiry[];
  /** What to rotate, or undefined when nothing (or nothing we may) needs rotating. */
  rotate?: RotationRequest;
  /** Expiring certificates rke-ts must not rotate on its own, with the reason. */
  blocked: { name: string; reason: string }[];
}

export interface ExpiryPolicy {
  /** Rotate certificates that expire within this many days; 0 = never rotate on `up`. */
  rotateWithinDays: number;
  /** May `up` rotate the CAs (all certificates re-issued, system pods restarted)? */
  allowCaRotation: boolean;
  /** --custom-certs: certificates belong to the user, never rotated. */
  customCerts: boolean;
}

/**
 * What `rke up` rotates on its own: the smallest `rke cert rotate` request that re-issues every
 * certificate expiring within the window. An expiring CA needs `--rotate-ca` (leaves signed by it
 * die with it), which up only does when allowed.
 */
export function decideExpiryRotation(expiries: readonly CertificateExpiry[], policy: ExpiryPolicy): ExpiryDecision {
  const expiring = policy.rotateWithinDays > 0 ? expiries.filter((e) => e.daysLeft < policy.rotateWithinDays) : [];
  const blocked: ExpiryDecision['blocked'] = [];
  if (expiring.length === 0) return { expiring, blocked };
  if (policy.customCerts) {
    return { expiring, blocked: expiring.map((e) => ({ name: e.name, reason: 'custom certificates are never rotated by rke' })) };
  }
  const kinds = new Map<string, ReturnType<typeof serviceOfCertificate>>();
  for (const e of expiring) kinds.set(e.name, serviceOfCertificate(e.name));
  for (const [name, kind] of kinds) if (kind === 'external') blocked.push({ name, reason: 'external etcd certificates come from services.etcd' });
  const wanted = [...kinds.values()].filter((k) => k !== 'external');
  if (wanted.length === 0) return { expiring, blocked };
  if (wanted.includes('ca')) {
    if (policy.allowCaRotation) return { expiring, rotate: { rotateCa: true, services: [] }, blocked };
    for (const [name, kind] of kinds) if (kind === 'ca') blocked.push({ name, reason: 'a CA is rotated only with `rke cert rotate --rotate-ca`' });
    const rest = wanted.filter((k) => k !== 'ca');
    if (rest.length === 0) return { expiring, blocked };
    return { expiring, rotate: requestFor(rest), blocked };
  }
  return { expiring, rotate: requestFor(wanted), blocked };
}

function requestFor(kinds: readonly ReturnType<typeof serviceOfCertificate>[]): RotationRequest {
  if (kinds.includes('all')) return { services: [] };
  const services = ROTATABLE_SERVICES.filter((s) => kinds.includes(s));
  return { services };
}
