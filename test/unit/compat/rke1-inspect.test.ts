/**
 * rke-ts's desired state vs what the real RKE1 v1.7.0 did on lab nodes for the same cluster.yml
 * (issue 12): containers field by field, files on the nodes, the state file and the kubeconfig.
 * Fixtures: test/fixtures/rke1/inspect/ (test/compat/record-rke1-inspect.sh). Needs no RKE1 binary.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { certPath, kubeconfigPath, keyPath, fileDeployerOnDisk, type DesiredHost } from '../../../src/desired/index.js';
import { convergedState } from '../../../src/cluster/session.js';
import { adminKubeconfig } from '../../../src/pki/index.js';
import { serializeState } from '../../../src/state/index.js';
import { compareContainer } from './compare.js';
import { fixtureVariants, loadFixture, rkeTsView, type Rke1Fixture, type RkeTsView } from './rke1-fixture.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/**
 * Containers RKE1 leaves behind that are not services: its legacy state fetch
 * (cluster/state.go GetStateFromNodes → pki.FetchFileFromHost) creates `cluster-state-deployer`
 * to read /etc/kubernetes/.tmp/cluster.yml, finds no such file on a new cluster and leaves the
 * exited container. rke-ts does not fetch state from nodes and leaves it alone.
 */
const LEFT_BEHIND_HELPERS = new Set(['cluster-state-deployer']);

const variants = fixtureVariants();

describe('RKE1 inspect fixtures', () => {
  it('cover at least 5 cluster.yml variants', () => {
    expect(variants.length).toBeGreaterThanOrEqual(5);
  });
});

/** Every file rke-ts expects on a host under <prefix>/etc/kubernetes, with the md5 of its bytes. */
function expectedKubeFiles(fx: Rke1Fixture, host: DesiredHost): Record<string, string> {
  const bundle = fx.state.desiredState.certificatesBundle ?? {};
  const prefix = host.prefixPath.replace(/\/+$/, '');
  const out: Record<string, string> = {};
  for (const name of host.certificates) {
    const c = bundle[name];
    if (!c) continue;
    // cert-deployer writes each value with a trailing newline
    if (c.certificatePEM) out[prefix + certPath(name)] = md5(`${c.certificatePEM}\n`);
    // The CA key is only written where the control plane signs with it.
    if (c.keyPEM && !(name === 'kube-ca' && !host.roles.includes('controlplane'))) out[prefix + keyPath(name)] = md5(`${c.keyPEM}\n`);
    if (c.config) out[prefix + kubeconfigPath(name)] = md5(`${c.config}\n`);
  }
  for (const f of host.files) out[f.hostPath] = md5(f.deployer === 'file-deployer' ? fileDeployerOnDisk(f.content) : f.content);
  return out;
}

for (const variant of variants) {
  describe(`RKE1 fixture ${variant}`, () => {
    let fx: Rke1Fixture;
    let ts: RkeTsView;
    beforeAll(async () => {
      fx = loadFixture(variant);
      ts = await rkeTsView(fx);
    }, 120_000);

    it('plans the same hosts with the same roles', () => {
      const rke1 = fx.nodes.map((n) => n.address);
      expect(ts.desired.hosts.map((h) => h.address)).toEqual(rke1);
    });

    it('runs the same set of containers on every node', () => {
      for (const node of fx.nodes) {
        const host = ts.desired.hosts.find((h) => h.address === node.address)!;
        const recorded = node.containers.map((c) => c.name).filter((n) => !LEFT_BEHIND_HELPERS.has(n)).sort();
        expect({ node: node.address, containers: recorded }).toEqual({ node: node.address, containers: Object.keys(host.containers).sort() });
      }
    });

    it('builds every container field by field as RKE1 did', () => {
      const diffs: string[] = [];
      for (const node of fx.nodes) {
        const host = ts.desired.hosts.find((h) => h.address === node.address)!;
        for (const c of node.containers) {
          const spec = host.containers[c.name];
          if (!spec) continue;
          diffs.push(...compareContainer(c, spec, node.imageEnv[c.image] ?? []).map((d) => `${node.address} ${d}`));
        }
      }
      expect(diffs).toEqual([]);
    });

    it('writes the same files under /etc/kubernetes, byte for byte, with mode 0600', () => {
      for (const node of fx.nodes) {
        const host = ts.desired.hosts.find((h) => h.address === node.address)!;
        const prefix = host.prefixPath.replace(/\/+$/, '');
        const onDisk = Object.fromEntries(
          node.files.filter((f) => f.type === 'f' && f.path.startsWith(`${prefix}/etc/kubernetes/`)).map((f) => [f.path, f.md5]),
        );
        expect({ node: node.address, files: onDisk }).toEqual({ node: node.address, files: expectedKubeFiles(fx, host) });
        const modes = node.files.filter((f) => f.type === 'f' && f.path.startsWith(`${prefix}/etc/kubernetes/`)).map((f) => `${f.path} ${f.mode}`);
        expect(modes.filter((m) => !m.endsWith(' 600'))).toEqual([]);
      }
    });

    it('rebuilds the desired state RKE1 wrote from cluster.yml and the state file', () => {
      const rke1 = fx.state.desiredState;
      const mine = ts.rebuilt.desiredState;
      expect(mine.rkeConfig).toEqual(rke1.rkeConfig);
      expect(mine.encryptionConfig ?? '').toEqual(rke1.encryptionConfig ?? '');
      const bundle1 = rke1.certificatesBundle ?? {};
      const bundle2 = mine.certificatesBundle ?? {};
      expect(Object.keys(bundle2).sort()).toEqual(Object.keys(bundle1).sort());
      for (const [name, c] of Object.entries(bundle1)) {
        // kube-admin is re-signed on every up (new serial and validity) by RKE1 and rke-ts alike.
        if (name === 'kube-admin') {
          expect(bundle2[name]!.keyPEM).toBe(c.keyPEM);
          expect(bundle2[name]!.configPath).toBe(c.configPath);
          continue;
        }
        expect({ ...bundle2[name], bundleKey: name }).toEqual({ ...c, bundleKey: name });
      }
    });

    it('leaves only RKE1\'s exited legacy-state-fetch container besides the services', () => {
      for (const node of fx.nodes) {
        const host = ts.desired.hosts.find((h) => h.address === node.address)!;
        const prefix = host.prefixPath.replace(/\/+$/, '');
        const left = node.containers.filter((c) => LEFT_BEHIND_HELPERS.has(c.name));
        expect(left.map((c) => ({ name: c.name, image: c.image, binds: c.binds, privileged: c.privileged, status: c.state.status }))).toEqual([
          { name: 'cluster-state-deployer', image: ts.desired.images.alpine, binds: [`${prefix}/etc/kubernetes:/etc/kubernetes`], privileged: true, status: 'exited' },
        ]);
      }
    });

    it('records the current state RKE1 records, byte for byte', () => {
      // rke-ts keeps an unchanged kube-admin certificate (session.ts keepUnchangedAdminCert)
      const rebuilt = structuredClone(ts.rebuilt);
      rebuilt.desiredState.certificatesBundle!['kube-admin'] = fx.state.desiredState.certificatesBundle!['kube-admin']!;
      const converged = convergedState(rebuilt);
      expect(converged.currentState.rkeConfig).toEqual(fx.state.currentState.rkeConfig);
      expect(serializeState(converged)).toBe(fx.stateText);
    });

    it('writes the admin kubeconfig RKE1 wrote', () => {
      const cp = ts.desired.controlPlaneHosts[0]!;
      expect(adminKubeconfig(fx.state.currentState.certificatesBundle ?? {}, cp, ts.desired.clusterName)).toBe(fx.kubeconfig);
    });
  });
}
