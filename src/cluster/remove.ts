/** `rke remove`: every RKE container and directory off every node, then the local state and kubeconfig. */
import { rm } from 'node:fs/promises';
import { localKubeconfigPath } from '../state/index.js';
import { mapSettledLimit } from '../util/concurrency.js';
import { HostError } from '../errors.js';
import { registriesFromConfig } from '../hosts/from-config.js';
import { cleanHost, hostContextFor } from './clean-host.js';
import { buildDesired, connectCluster, prepareState, type SessionOptions } from './session.js';
import { nodeRoles } from './inputs.js';
import { clearRewritePending, rewritePendingPath } from './encryption-pending.js';
import { clearJournal, journalPath } from './journal.js';

export async function remove(opts: SessionOptions & { ignoreDockerVersion?: boolean; parallelism?: number }): Promise<void> {
  const log = opts.log;
  const prepared = await prepareState(opts);
  const connected = await connectCluster(prepared, { log, ignoreDockerVersion: opts.ignoreDockerVersion ?? false });
  try {
    const { ctx } = buildDesired(prepared, connected);
    const externalEtcd = (prepared.config.services?.etcd?.external_urls ?? []).length > 0;
    const registries = registriesFromConfig(prepared.config);
    const nodes = (prepared.config.nodes ?? []).filter((n) => connected.connections.has(n.address ?? ''));
    const results = await mapSettledLimit(nodes, opts.parallelism ?? 8, async (n) => {
      const address = n.address ?? '';
      await cleanHost(connected.connections.get(address)!, ctx, hostContextFor(ctx, address, nodeRoles(n)), { externalEtcd, registries, log });
    });
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`[${nodes[i]!.address}]: ${(r.reason as Error).message}`] : []));
    if (failed.length > 0) throw new HostError(`Failed to clean up host(s) ${failed.join('; ')}`, { host: nodes[0]?.address });
    for (const path of [localKubeconfigPath(opts.configPath), prepared.statePath]) {
      log.info(`Removing ${path.endsWith('.rkestate') ? 'state file' : 'kubeconfig file'}: ${path}`);
      await rm(path, { force: true });
    }
    await clearJournal(journalPath(prepared.statePath));
    await clearRewritePending(rewritePendingPath(prepared.statePath));
    log.info('Cluster removed successfully');
    if (connected.inactive.length > 0) {
      throw new HostError(`host(s) [${connected.inactive.map((i) => i.host.spec.address).join(',')}] could not be contacted and were not cleaned`);
    }
  } finally {
    await connected.pool.closeAll();
  }
}
