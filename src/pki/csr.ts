/**
 * `rke cert generate-csr` (RKE1 `GenerateRKEServicesCSRs`): a CSR and key for every certificate
 * the cluster needs except the CAs, reusing keys (and unchanged CSRs) already in the cert dir.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { Extensions, SubjectAlternativeName, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import { log as defaultLog } from '../log/logger.js';
import { altNamesEqualOrdered, clusterAltNames, hostAltNames, type AltNames } from './altnames.js';
import { certNameForHost, certObject } from './bundle.js';
import type { CsrEntry } from './cert-dir.js';
import {
  API_PROXY_CLIENT_CERT_NAME,
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
  KUBELET_CERT_NAME,
} from './constants.js';
import { PkiError } from './errors.js';
import type { PkiLogger } from './generate.js';
import { controlPlaneHosts, etcdHosts, hostsWithRole, type PkiInput } from './input.js';
import { canonicalIp, kubernetesServiceIps } from './ip.js';
import { generateRsaKeyPair, keyPairFromPem } from './keys.js';
import { decodePemBlocks, encodeRsaKeyPem } from './pem.js';
import { buildCsr, type LeafSpec } from './x509/build.js';

const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/** SANs requested by a CSR, in request order. */
export function csrAltNames(csrPem: string): AltNames {
  const der = decodePemBlocks(csrPem)[0]?.der;
  if (!der) throw new Error('no PEM block in CSR');
  const csr = AsnConvert.parse(der, CertificationRequest);
  const names: AltNames = { dnsNames: [], ips: [] };
  for (const attr of csr.certificationRequestInfo.attributes) {
    if (attr.type !== OID_EXTENSION_REQUEST) continue;
    for (const value of attr.values) {
      for (const ext of AsnConvert.parse(value, Extensions)) {
        if (ext.extnID !== id_ce_subjectAltName) continue;
        for (const gn of AsnConvert.parse(ext.extnValue, SubjectAlternativeName)) {
          if (gn.dNSName !== undefined) names.dnsNames.push(gn.dNSName);
          if (gn.iPAddress !== undefined) names.ips.push(canonicalIp(gn.iPAddress) ?? gn.iPAddress);
        }
      }
    }
  }
  return names;
}

interface CsrJob {
  name: string;
  commonName: string;
  ouName: string;
  spec: LeafSpec;
}

/**
 * CSRs for the cluster described by `input`. `existing` is what readCsrsFromDir found; entries
 * with a CSR are kept unless their SANs no longer match (apiserver, etcd, kubelet).
 */
export async function generateCsrs(
  input: PkiInput,
  existing: Record<string, CsrEntry> = {},
  logger: PkiLogger = defaultLog,
): Promise<Record<string, CsrEntry>> {
  const out: Record<string, CsrEntry> = { ...existing };
  const jobs: CsrJob[] = [];
  let serviceIps: string[];
  try {
    serviceIps = kubernetesServiceIps(input.serviceClusterIpRange);
  } catch (e) {
    throw new PkiError(`Failed to get Kubernetes Service IP: ${(e as Error).message}`, { key: 'services.kube-api.service_cluster_ip_range' });
  }
  const sameSans = (name: string, wanted: AltNames): boolean => {
    const csr = existing[name]?.csrPEM;
    return csr !== undefined && csr !== '' && altNamesEqualOrdered(wanted, csrAltNames(csr));
  };
  const hasCsr = (name: string): boolean => (existing[name]?.csrPEM ?? '') !== '';

  const apiSans = clusterAltNames(controlPlaneHosts(input), input.clusterDomain, serviceIps, input.sans);
  if (!sameSans(KUBE_API_CERT_NAME, apiSans)) {
    logger.info('[certificates] Generating Kubernetes API server csr');
    jobs.push({ name: KUBE_API_CERT_NAME, commonName: '', ouName: '', spec: { commonName: KUBE_API_CERT_NAME, serverAuth: true, altNames: apiSans } });
  }
  const simple: [string, string, string, string[] | undefined, boolean, string][] = [
    [KUBE_CONTROLLER_CERT_NAME, 'system:kube-controller-manager', '', undefined, false, '[certificates] Generating Kube Controller csr'],
    [KUBE_SCHEDULER_CERT_NAME, 'system:kube-scheduler', '', undefined, false, '[certificates] Generating Kube Scheduler csr'],
    [KUBE_PROXY_CERT_NAME, 'system:kube-proxy', '', undefined, false, '[certificates] Generating Kube Proxy csr'],
    [KUBE_NODE_CERT_NAME, KUBE_NODE_COMMON_NAME, KUBE_NODE_ORGANIZATION, [KUBE_NODE_ORGANIZATION], false, '[certificates] Generating Node csr and key'],
    [KUBE_ADMIN_CERT_NAME, KUBE_ADMIN_CERT_NAME, KUBE_ADMIN_ORGANIZATION, [KUBE_ADMIN_ORGANIZATION], false, '[certificates] Generating admin csr and kubeconfig'],
    [API_PROXY_CLIENT_CERT_NAME, API_PROXY_CLIENT_CERT_NAME, '', undefined, true, '[certificates] Generating Kubernetes API server proxy client csr'],
  ];
  for (const [name, cn, ou, orgs, serverAuth, line] of simple) {
    if (hasCsr(name)) continue;
    logger.info(line);
    const stateCn = name === KUBE_NODE_CERT_NAME || name === KUBE_ADMIN_CERT_NAME ? cn : '';
    jobs.push({ name, commonName: stateCn, ouName: ou, spec: { commonName: cn, organizations: orgs, serverAuth } });
  }
  const etcd = etcdHosts(input);
  const etcdSans = clusterAltNames(etcd, input.clusterDomain, serviceIps, []);
  for (const host of etcd) {
    const name = certNameForHost(host, ETCD_CERT_NAME);
    if (sameSans(name, etcdSans)) continue;
    logger.info(`[certificates] Generating etcd-${host.internalAddress} csr and key`);
    jobs.push({ name, commonName: '', ouName: '', spec: { commonName: ETCD_CERT_NAME, serverAuth: true, altNames: etcdSans } });
  }
  if (input.generateServingCertificate) {
    for (const host of hostsWithRole(input)) {
      const name = certNameForHost(host, KUBELET_CERT_NAME);
      const sans = hostAltNames(host);
      if (sameSans(name, sans)) continue;
      logger.info(`[certificates] Generating ${name} Kubernetes Kubelet csr`);
      jobs.push({ name, commonName: '', ouName: '', spec: { commonName: name, serverAuth: true, altNames: sans } });
    }
  }

  await Promise.all(
    jobs.map(async (job) => {
      const keyPem = existing[job.name]?.entry.keyPEM ?? '';
      const pair = keyPem !== '' ? keyPairFromPem(keyPem) : await generateRsaKeyPair();
      const csrPEM = await buildCsr(job.spec, pair.privateKey, pair.publicKey);
      out[job.name] = { entry: certObject(job.name, job.commonName, job.ouName, '', encodeRsaKeyPem(pair.privateKey)), csrPEM };
    }),
  );
  return out;
}
