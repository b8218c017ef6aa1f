/**
 * The local admin kubeconfig (`kube_config_<cluster>.yml`): the half of `rke up` /
 * `rke util get-kubeconfig` that needs no cluster. RKE1 writes it with mode 0600.
 */
import type { CertificateBundle } from './bundle.js';
import { CA_CERT_NAME, KUBE_ADMIN_CERT_NAME } from './constants.js';
import { PkiError } from './errors.js';
import { kubeconfigWithData } from './kubeconfig.js';
import { certificateDersFromPem, encodePem, encodeRsaKeyPem, rsaKeyFromPem } from './pem.js';
import { writeFileAtomic } from '../state/file.js';

/** Admin kubeconfig for `https://<server address>:6443` from the bundle's kube-ca and kube-admin. */
export function adminKubeconfig(bundle: CertificateBundle, serverAddress: string, clusterName: string): string {
  const ca = bundle[CA_CERT_NAME];
  const admin = bundle[KUBE_ADMIN_CERT_NAME];
  if (!ca?.certificatePEM || !admin?.certificatePEM || !admin.keyPEM) {
    throw new PkiError('kube-ca or kube-admin certificate missing from the state: cannot build the admin kubeconfig', { key: KUBE_ADMIN_CERT_NAME });
  }
  return kubeconfigWithData(
    `https://${serverAddress}:6443`,
    clusterName,
    KUBE_ADMIN_CERT_NAME,
    encodePem('CERTIFICATE', certificateDersFromPem(ca.certificatePEM)[0]!),
    encodePem('CERTIFICATE', certificateDersFromPem(admin.certificatePEM)[0]!),
    encodeRsaKeyPem(rsaKeyFromPem(admin.keyPEM)),
  );
}

/** RKE1 DeployAdminConfig: nothing when empty, else the file with mode 0600 (atomically). */
export async function writeAdminKubeconfig(path: string, kubeconfig: string): Promise<boolean> {
  if (kubeconfig === '') return false;
  await writeFileAtomic(path, kubeconfig, 0o600);
  return true;
}
