/**
 * Which bundle entries a node receives (RKE1 `getCertKeys` / `GenerateRKENodeCerts`): the union
 * over its roles. Controlplane nodes keep the kube-ca key; others get kube-ca without its key
 * (RKE1 `DeployCertificatesOnPlaneHost`).
 */
import { certNameForHost, type CertificateBundle, type CertificatePki } from './bundle.js';
import {
  API_PROXY_CLIENT_CERT_NAME,
  CA_CERT_NAME,
  ETCD_CERT_NAME,
  ETCD_CLIENT_CA_CERT_NAME,
  ETCD_CLIENT_CERT_NAME,
  KUBE_API_CERT_NAME,
  KUBE_CONTROLLER_CERT_NAME,
  KUBE_NODE_CERT_NAME,
  KUBE_PROXY_CERT_NAME,
  KUBE_SCHEDULER_CERT_NAME,
  KUBELET_CERT_NAME,
  REQUEST_HEADER_CA_CERT_NAME,
  ROLE_CONTROLPLANE,
  ROLE_ETCD,
  SERVICE_ACCOUNT_TOKEN_KEY_NAME,
} from './constants.js';
import { hostsWithRole, type PkiInput } from './input.js';

function certKeysForRole(input: PkiInput, role: string): string[] {
  const keys = [CA_CERT_NAME, KUBE_PROXY_CERT_NAME, KUBE_NODE_CERT_NAME];
  if (input.generateServingCertificate) {
    for (const host of hostsWithRole(input)) keys.push(certNameForHost(host, KUBELET_CERT_NAME));
  }
  if (role === ROLE_ETCD) {
    for (const host of hostsWithRole(input, ROLE_ETCD)) keys.push(certNameForHost(host, ETCD_CERT_NAME));
  } else if (role === ROLE_CONTROLPLANE) {
    keys.push(
      KUBE_API_CERT_NAME,
      SERVICE_ACCOUNT_TOKEN_KEY_NAME,
      KUBE_CONTROLLER_CERT_NAME,
      KUBE_SCHEDULER_CERT_NAME,
      ETCD_CLIENT_CERT_NAME,
      ETCD_CLIENT_CA_CERT_NAME,
      REQUEST_HEADER_CA_CERT_NAME,
      API_PROXY_CLIENT_CERT_NAME,
    );
  }
  return keys;
}

/** Bundle entries to deploy on the node with `address` (entries missing from the bundle are skipped). */
export function certsForNode(input: PkiInput, bundle: CertificateBundle, address: string): CertificateBundle {
  const node = input.nodes.find((n) => n.address === address);
  if (!node) return {};
  const out: CertificateBundle = {};
  for (const role of node.roles) {
    for (const key of certKeysForRole(input, role)) {
      const entry = bundle[key];
      if (entry && (entry.certificatePEM !== '' || entry.keyPEM !== '')) out[key] = entry;
    }
  }
  const ca = out[CA_CERT_NAME];
  if (ca && !node.roles.includes(ROLE_CONTROLPLANE)) out[CA_CERT_NAME] = { ...ca, keyPEM: '' } satisfies CertificatePki;
  return out;
}
