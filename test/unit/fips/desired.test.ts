/** FIPS mode's cipher suites in the desired containers; RKE1's defaults stay as they are when it is off. */
import { describe, expect, it } from 'vitest';
import { buildDesiredCluster, type ContainerSpec } from '../../../src/desired/index.js';
import type { DesiredConfigInput } from '../../../src/desired/input.js';
import { FIPS_ETCD_CIPHER_SUITES, fipsServiceOptions } from '../../../src/fips/service-options.js';
import { FIPS_TLS_CIPHER_SUITES_FLAG, unapprovedTlsSuites } from '../../../src/fips/policy.js';
import { VERSION, inputFor } from '../desired/fixtures.js';

const node = { address: '10.0.0.1', role: ['etcd', 'controlplane', 'worker'] };
const TLS_COMPONENTS = ['kube-apiserver', 'kubelet', 'kube-controller-manager', 'kube-scheduler'] as const;

function flagOf(c: ContainerSpec | undefined, name: string): string | undefined {
  const arg = [...(c?.entrypoint ?? []), ...(c?.cmd ?? [])].find((a) => a.startsWith(`--${name}=`));
  return arg?.slice(name.length + 3);
}
function containers(config: Partial<DesiredConfigInput>, fips: boolean) {
  return buildDesiredCluster(inputFor({ nodes: [node], ...config }, { fips })).hosts[0]!.containers;
}

describe('desired state in FIPS mode', () => {
  it('off: RKE1 defaults untouched (kube-apiserver and kubelet keep ChaCha20 from the version table)', () => {
    const c = containers({}, false);
    expect(flagOf(c['kube-apiserver'], 'tls-cipher-suites')).toBe(VERSION.serviceOptions.kubeapi?.['tls-cipher-suites']);
    expect(flagOf(c['kube-apiserver'], 'tls-cipher-suites')).toContain('CHACHA20');
    expect(flagOf(c['kube-controller-manager'], 'tls-cipher-suites')).toBeUndefined();
    // Without the input, the process's FIPS mode (off in this worker) decides: same as false.
    expect(buildDesiredCluster(inputFor({ nodes: [node] })).hosts[0]!.containers).toEqual(c);
  });

  it('on: every TLS-serving component gets only approved suites', () => {
    const c = containers({}, true);
    for (const name of TLS_COMPONENTS) {
      const suites = flagOf(c[name], 'tls-cipher-suites');
      expect(suites, name).toBe(FIPS_TLS_CIPHER_SUITES_FLAG);
      expect(unapprovedTlsSuites(suites!)).toEqual([]);
    }
    expect(flagOf(c.etcd, 'cipher-suites')).toBe(FIPS_ETCD_CIPHER_SUITES);
    expect(unapprovedTlsSuites(FIPS_ETCD_CIPHER_SUITES)).toEqual([]);
  });

  it('on: nothing but the cipher-suite flags differs from the default containers', () => {
    const off = containers({}, false);
    const on = containers({}, true);
    const strip = (c: ContainerSpec | undefined) => ({ ...c, cmd: c?.cmd.filter((a) => !/^--(tls-)?cipher-suites=/.test(a)), entrypoint: c?.entrypoint.filter((a) => !/^--(tls-)?cipher-suites=/.test(a)) });
    expect(Object.keys(on)).toEqual(Object.keys(off));
    for (const name of Object.keys(off)) {
      if (name === 'etcd') continue; // the etcd container name/command embeds no suites, but compare args below
      expect(strip(on[name]), name).toEqual(strip(off[name]));
    }
    expect(strip(on.etcd)).toEqual(strip(off.etcd));
  });

  it('on: user extra_args still win (and are what the FIPS check validates)', () => {
    const c = containers({ services: { 'kube-api': { extra_args: { 'tls-cipher-suites': 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' } } } }, true);
    expect(flagOf(c['kube-apiserver'], 'tls-cipher-suites')).toBe('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
  });

  it('fipsServiceOptions keeps every other option and does not mutate its input', () => {
    const before = JSON.stringify(VERSION.serviceOptions);
    const out = fipsServiceOptions(VERSION.serviceOptions);
    expect(JSON.stringify(VERSION.serviceOptions)).toBe(before);
    const { 'tls-cipher-suites': _a, ...kubeapiRest } = out.kubeapi ?? {};
    const { 'tls-cipher-suites': _b, ...origRest } = VERSION.serviceOptions.kubeapi ?? {};
    expect(kubeapiRest).toEqual(origRest);
  });
});
