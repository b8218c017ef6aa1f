/**
 * The certificate bundle as cluster.rkestate stores it: one `CertificatePKI` JSON object per
 * certificate name, with the env/path/kubeconfig metadata RKE1 derives from the name
 * (`pki/util.go ToCertObject`). PEM strings are kept verbatim: an entry that is not regenerated
 * stays byte for byte what was read.
 */
import {
  CA_CERT_NAME,
  CERT_PATH_PREFIX,
  ETCD_CERT_NAME,
  KUBE_API_CERT_NAME,
  KUBELET_CERT_NAME,
  SERVICE_ACCOUNT_TOKEN_KEY_NAME,
} from './constants.js';
import { componentKubeconfig } from './kubeconfig.js';

/** RKE1 `pki.CertificatePKI` JSON fields, in Go struct order. */
export interface CertificatePki {
  certificatePEM: string;
  keyPEM: string;
  config: string;
  name: string;
  commonName: string;
  ouName: string;
  envName: string;
  path: string;
  keyEnvName: string;
  keyPath: string;
  configEnvName: string;
  configPath: string;
}

export const CERTIFICATE_PKI_FIELDS = [
  'certificatePEM',
  'keyPEM',
  'config',
  'name',
  'commonName',
  'ouName',
  'envName',
  'path',
  'keyEnvName',
  'keyPath',
  'configEnvName',
  'configPath',
] as const satisfies readonly (keyof CertificatePki)[];

/** Keyed by certificate name (`kube-ca`, `kube-etcd-10-0-0-1`, ...). */
export type CertificateBundle = Record<string, CertificatePki>;

export const envNameOf = (name: string): string => name.toUpperCase().replaceAll('-', '_');
export const certPathOf = (name: string): string => `${CERT_PATH_PREFIX}${name}.pem`;
export const keyPathOf = (name: string): string => `${CERT_PATH_PREFIX}${name}-key.pem`;
export const configPathOf = (name: string): string => `${CERT_PATH_PREFIX}kubecfg-${name}.yaml`;
export const defaultCommonNameOf = (name: string): string => `system:${name}`;

/** Entries that get a `kubecfg-<name>.yaml` (RKE1 excludes CA, apiserver, etcd, kubelet, SA token). */
export function hasComponentKubeconfig(name: string): boolean {
  return (
    name !== CA_CERT_NAME &&
    name !== KUBE_API_CERT_NAME &&
    !name.includes(ETCD_CERT_NAME) &&
    !name.includes(KUBELET_CERT_NAME) &&
    name !== SERVICE_ACCOUNT_TOKEN_KEY_NAME
  );
}

/** RKE1 `ToCertObject`: the bundle entry for `name` with the given PEMs. */
export function certObject(name: string, commonName: string, ouName: string, certificatePEM: string, keyPEM: string): CertificatePki {
  const envName = envNameOf(name);
  const withConfig = hasComponentKubeconfig(name);
  return {
    certificatePEM,
    keyPEM,
    config: withConfig
      ? componentKubeconfig('https://127.0.0.1:6443', 'local', name, certPathOf(CA_CERT_NAME), certPathOf(name), keyPathOf(name))
      : '',
    name,
    commonName: commonName === '' ? defaultCommonNameOf(name) : commonName,
    ouName,
    envName,
    path: certPathOf(name),
    keyEnvName: `${envName}_KEY`,
    keyPath: keyPathOf(name),
    configEnvName: withConfig ? `KUBECFG_${envName}` : '',
    configPath: withConfig ? configPathOf(name) : '',
  };
}

/** RKE1 `GetCrtNameForHost`: `<prefix>-<internal address or address>` with dots → dashes, lower-case. */
export function certNameForHost(host: { address: string; internalAddress: string }, prefix: string): string {
  const addr = host.internalAddress !== '' && host.internalAddress !== host.address ? host.internalAddress : host.address;
  return `${prefix}-${addr.replaceAll('.', '-').toLowerCase()}`;
}

/** A deep copy, so callers can change a bundle without touching the one they were given. */
export function cloneBundle(bundle: CertificateBundle): CertificateBundle {
  const out: CertificateBundle = {};
  for (const [k, v] of Object.entries(bundle)) out[k] = { ...v };
  return out;
}
