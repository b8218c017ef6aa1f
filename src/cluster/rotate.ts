/**
 * `rke cert rotate` as a library call. Like RKE1 (ClusterInit with rotate_certificates, then
 * ClusterUp): the rotated certificates become the desired state on disk first, then the ordinary
 * `up` pipeline reconciles — cert-deployer force-redeploys what changed and the containers that
 * read a changed certificate are restarted (etcd → control plane → workers, health-checked).
 * A run that dies half way is finished by the next `rke up`, since desired ≠ current remains.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { RkeError } from '../errors.js';
import { kubeClientsFromKubeconfig, type KubeClients } from '../k8s/client.js';
import type { Logger } from '../log/logger.js';
import { rotateClusterCerts, type CertificateBundle } from '../pki/index.js';
import { certificatesRotatedBy, validateRotateServices, type RotationRequest } from '../pki/rotate.js';
import { writeStateFile, type FullState } from '../state/index.js';
import { prepareState, type PreparedState } from './session.js';
import { up, type ClusterCommandOptions, type UpResult } from './up.js';

export interface RotateCertificatesOptions extends ClusterCommandOptions {
  /** `--service` values; empty = every service certificate. */
  services?: string[];
  /** `--rotate-ca`: new CAs and every certificate re-issued; system pods restarted. */
  rotateCa?: boolean;
}

export interface RotateCertificatesResult {
  /** Bundle keys that got a new certificate and key. */
  rotated: string[];
  up: UpResult;
  /** Pods deleted so that they reconnect with the new CA (only with --rotate-ca). */
  restartedPods: string[];
}

const DAY_MS = 24 * 3600 * 1000;

/** RKE1: without --rotate-ca the stored CA must still be valid (x509 Verify against itself). */
export function checkCaUsable(bundle: CertificateBundle, now: Date): void {
  const pem = bundle['kube-ca']?.certificatePEM;
  if (!pem) throw new RkeError('Failed to rotate certificates: can\'t find CA certificate');
  let problem: string | undefined;
  try {
    const ca = new X509Certificate(pem);
    if (!ca.ca) problem = 'the CA certificate is not a CA';
    else if (!ca.verify(ca.publicKey)) problem = 'the CA certificate signature does not verify';
    else if (now.getTime() > Date.parse(ca.validTo)) problem = `x509: certificate has expired (not after ${ca.validTo})`;
    else if (now.getTime() < Date.parse(ca.validFrom)) problem = `x509: certificate is not yet valid (not before ${ca.validFrom})`;
  } catch (err) {
    problem = (err as Error).message;
  }
  if (problem) {
    throw new RkeError(`Failed to rotate certificates: CA certificate is invalid, please use the --rotate-ca flag to rotate CA certificate, error: ${problem}`);
  }
}

/**
 * The desired state with the requested certificates re-issued (new keys); the service-account key
 * is kept, so existing service-account tokens stay valid (RKE1).
 */
export async function rotatedState(prepared: PreparedState, req: RotationRequest, log: Logger, configPath: string): Promise<{ state: FullState; rotated: string[] }> {
  const current = prepared.previous?.currentState.certificatesBundle;
  if (!current || Object.keys(current).length === 0) throw new RkeError('Failed to rotate certificates: can\'t find old certificates');
  if (!req.rotateCa) checkCaUsable(current, new Date());
  const services = validateRotateServices(req.services ?? []);
  const bundle = await rotateClusterCerts(prepared.pki, prepared.bundle, {
    services,
    rotateCa: req.rotateCa === true,
    clusterFilePath: configPath,
    log,
  });
  const rotated = certificatesRotatedBy(prepared.pki, { services, rotateCa: req.rotateCa === true }).filter((n) => bundle[n]);
  return { state: { ...prepared.state, desiredState: { ...prepared.state.desiredState, certificatesBundle: bundle } }, rotated };
}

/** RKE1 RestartClusterPods: system pods that hold the CA in memory are recreated by their controllers. */
export const PODS_RESTARTED_AFTER_CA_ROTATION = [
  'k8s-app=flannel',
  'k8s-app=canal',
  'name=weave-net',
  'app=ingress-nginx',
  'k8s-app=metrics-server',
  'k8s-app=kube-dns',
  'k8s-app=kube-dns-autoscaler',
  'k8s-app=coredns-autoscaler',
  'app=kube-api-auth',
  'app=cattle-cluster-agent',
  'k8s-app=calico-node',
  'k8s-app=calico-kube-controllers',
];

export async function restartClusterPods(kube: KubeClients, log: Logger): Promise<string[]> {
  log.info('Restarting network, ingress, and metrics pods');
  const deleted: string[] = [];
  for (const labelSelector of PODS_RESTARTED_AFTER_CA_ROTATION) {
    const pods = await kube.core.listPodForAllNamespaces({ labelSelector });
    for (const pod of pods.items) {
      const name = pod.metadata?.name ?? '';
      const namespace = pod.metadata?.namespace ?? '';
      await kube.core.deleteNamespacedPod({ name, namespace }).catch((err: unknown) => {
        if ((err as { code?: number }).code !== 404) throw err;
      });
      deleted.push(`${namespace}/${name}`);
    }
  }
  return deleted;
}

export async function rotateCertificates(opts: RotateCertificatesOptions): Promise<RotateCertificatesResult> {
  const log = opts.log;
  if (opts.customCerts) throw new RkeError('Failed to rotate certificates: custom certificates (--custom-certs) are never rotated by rke');
  log.info('Rotating Kubernetes cluster certificates');
  const prepared = await prepareState(opts);
  const req: RotationRequest = { services: opts.services ?? [], rotateCa: opts.rotateCa === true };
  const { state, rotated } = await rotatedState(prepared, req, log, opts.configPath);
  await writeStateFile(prepared.statePath, state);
  log.info(`Successfully Deployed state file at [${prepared.statePath}]`);
  log.info('Rebuilding Kubernetes cluster with rotated certificates');
  const result = await up(opts);
  let restartedPods: string[] = [];
  if (opts.rotateCa) {
    const kube = kubeClientsFromKubeconfig(await readFile(result.kubeconfigPath, 'utf8'));
    restartedPods = await restartClusterPods(kube, log);
  }
  const soonest = Object.values(state.desiredState.certificatesBundle ?? {})
    .filter((c) => rotated.includes(c.name) && c.certificatePEM)
    .map((c) => Date.parse(new X509Certificate(c.certificatePEM).validTo))
    .sort((a, b) => a - b)[0];
  if (soonest !== undefined) log.info(`[certificates] Rotated ${rotated.length} certificate(s), valid for ${Math.floor((soonest - Date.now()) / DAY_MS)} days`);
  return { rotated, up: result, restartedPods };
}
