/**
 * Time to generate the full RKE1 PKI for 3, 50 and 500 nodes (kubelet serving certificates on:
 * one key per node, the worst case), next to what the same number of keys costs generated one
 * after another — the ratio shows what concurrent key generation buys on this machine.
 * Not a test. Run: bench/pki.sh  (UV_THREADPOOL_SIZE sets the key-generation concurrency).
 */
import { availableParallelism } from 'node:os';
import { generateClusterCerts } from '../src/pki/generate.js';
import { generateRsaKeyPair } from '../src/pki/keys.js';
import type { PkiInput, PkiNode } from '../src/pki/input.js';

const quiet = { info: (): void => {}, debug: (): void => {}, warn: (): void => {} };

function cluster(n: number): PkiInput {
  const etcd = n >= 100 ? 5 : 3;
  const nodes: PkiNode[] = Array.from({ length: n }, (_, i) => ({
    address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    roles: i < Math.min(etcd, n) ? ['controlplane', 'etcd', 'worker'] : ['worker'],
  }));
  return {
    clusterName: 'bench',
    nodes,
    serviceClusterIpRange: '10.43.0.0/16',
    clusterDomain: 'cluster.local',
    sans: [],
    generateServingCertificate: true,
  };
}

async function sequentialKeyMs(samples: number): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < samples; i++) await generateRsaKeyPair();
  return (performance.now() - t) / samples;
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const perKey = await sequentialKeyMs(10);
console.log(`cores: ${availableParallelism()}, UV_THREADPOOL_SIZE: ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`);
console.log(`one RSA-2048 key, sequential: ${perKey.toFixed(0)} ms`);
console.log('nodes  certs  keys   full PKI (s)  keys one-by-one (est. s)  ratio');
for (const n of sizes.length ? sizes : [3, 50, 500]) {
  const input = cluster(n);
  const t = performance.now();
  const bundle = await generateClusterCerts(input, undefined, { log: quiet });
  const secs = (performance.now() - t) / 1000;
  const certs = Object.keys(bundle).length;
  const keys = new Set(Object.values(bundle).map((e) => e.keyPEM)).size;
  const seqSecs = (keys * perKey) / 1000;
  console.log(
    `${String(n).padStart(5)}  ${String(certs).padStart(5)}  ${String(keys).padStart(5)}  ${secs.toFixed(2).padStart(12)}  ${seqSecs
      .toFixed(2)
      .padStart(24)}  ${(seqSecs / secs).toFixed(2)}x`,
  );
}
