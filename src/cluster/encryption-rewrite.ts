/**
 * RKE1 RewriteSecrets: read every Secret and write it back unchanged, so that kube-apiserver stores
 * it again with the provider that is first in its encryption config. Pages of 250, a few writers
 * at once, a conflict re-reads the Secret, a Secret deleted meanwhile is skipped.
 */
import { readFile } from 'node:fs/promises';
import type * as k8s from '@kubernetes/client-node';
import { RkeError } from '../errors.js';
import { apiStatus, isNotFound, kubeClientsFromKubeconfig } from '../k8s/client.js';
import type { Logger } from '../log/logger.js';
import { mapSettledLimit } from '../util/concurrency.js';

const PAGE_SIZE = 250;
const WRITERS = 5;
const EXPIRED_CONTINUE = 410;

async function rewriteOne(core: k8s.CoreV1Api, secret: k8s.V1Secret): Promise<void> {
  const name = secret.metadata?.name ?? '';
  const namespace = secret.metadata?.namespace ?? '';
  try {
    await core.replaceNamespacedSecret({ name, namespace, body: secret });
  } catch (err) {
    if (isNotFound(err)) return;
    if (apiStatus(err) !== 409) throw err;
    let fresh: k8s.V1Secret;
    try {
      fresh = await core.readNamespacedSecret({ name, namespace });
    } catch (again) {
      if (isNotFound(again)) return;
      throw again;
    }
    await core.replaceNamespacedSecret({ name, namespace, body: fresh });
  }
}

/** Rewrites every Secret of the cluster; returns how many were written. */
export async function rewriteSecrets(core: k8s.CoreV1Api, log: Logger): Promise<number> {
  log.info('Rewriting cluster secrets');
  const done = new Set<string>();
  const failures: string[] = [];
  let cont: string | undefined;
  for (;;) {
    let page: k8s.V1SecretList;
    try {
      page = await core.listSecretForAllNamespaces({ limit: PAGE_SIZE, ...(cont ? { _continue: cont } : {}) });
    } catch (err) {
      // an expired continue token restarts the listing; what was written is remembered
      if (cont && apiStatus(err) === EXPIRED_CONTINUE) {
        cont = undefined;
        continue;
      }
      throw err;
    }
    const todo = page.items.filter((s) => !done.has(`${s.metadata?.namespace}/${s.metadata?.name}`));
    await mapSettledLimit(todo, WRITERS, async (s) => {
      const id = `${s.metadata?.namespace}/${s.metadata?.name}`;
      try {
        await rewriteOne(core, s);
      } catch (err) {
        failures.push(`${id}: ${(err as Error).message}`);
      }
      done.add(id);
      if (done.size % 50 === 0) log.info(`[rewrite-secrets] ${done.size} secrets rewritten`);
    });
    cont = page.metadata?._continue || undefined;
    if (!cont) break;
  }
  if (failures.length > 0) throw new RkeError(`[rewrite-secrets] failed to rewrite ${failures.length} secret(s): ${failures.slice(0, 5).join('; ')}`);
  log.info(`[rewrite-secrets] Operation completed, ${done.size} secrets rewritten`);
  return done.size;
}

/** rewriteSecrets through the kubeconfig file a run wrote (kube_config_cluster.yml). */
export async function rewriteSecretsWithKubeconfig(kubeconfigPath: string, log: Logger): Promise<number> {
  const kube = kubeClientsFromKubeconfig(await readFile(kubeconfigPath, 'utf8'));
  return rewriteSecrets(kube.core, log);
}
