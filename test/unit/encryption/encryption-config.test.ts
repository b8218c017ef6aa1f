import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  activeEncryptionKey,
  appliedEncryptionConfig,
  desiredEncryptionConfig,
  encryptionRebuildOptions,
  encryptionTransition,
  generateEncryptionKey,
  identityFirstProviderFile,
  keyRotationStages,
} from '../../../src/cluster/encryption-config.js';
import { certificateExpirySettings, DEFAULT_CERTIFICATE_EXPIRY } from '../../../src/cluster/rotate-expiry.js';
import type { ClusterConfig } from '../../../src/config/index.js';
import {
  buildDesiredCluster,
  encryptionConfigFromCustom,
  encryptionConfigIdentityFirst,
  encryptionConfigWithKeys,
  fileDeployerOnDisk,
  md5Hex,
  type DesiredCluster,
} from '../../../src/desired/index.js';
import { formatGoDuration } from '../../../src/desired/files/encryption.js';
import type { DesiredConfigInput } from '../../../src/desired/input.js';
import type { ObservedCluster, ReachableHost } from '../../../src/observe/types.js';
import { planCluster } from '../../../src/plan/plan-cluster.js';
import { planSteps } from '../../../src/plan/types.js';
import { FIXTURES, inputFor } from '../desired/fixtures.js';

const IMAGE_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];
const K1 = { name: 'k-fw5hn', secret: 'RTczRjFDODMwQzAyMDVBREU4NDJBMUZFNDhCNzM5N0I=' };
const K2 = { name: 'k-jgxw9', secret: 'QkNEQTRGRUMyMTExOUM0NUJCNEE5QjlGNkI0MTlGMkU=' };

const withEncryption = (enc: unknown): ClusterConfig => ({ services: { 'kube-api': { secrets_encryption_config: enc } } }) as ClusterConfig;

describe('provider file rendering (RKE1 templates/encryption_provider.go)', () => {
  it('generated keys: aescbc keys in order, identity last, no trailing newline', () => {
    expect(encryptionConfigWithKeys([K1, K2])).toBe(
      'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources:\n  - secrets\n  providers:\n' +
        `  - aescbc:\n      keys:\n      - name: ${K1.name}\n        secret: ${K1.secret}\n      - name: ${K2.name}\n        secret: ${K2.secret}\n  - identity: {}`,
    );
    expect(encryptionConfigIdentityFirst(K1)).toMatch(/providers:\n {2}- identity: \{\}\n {2}- aescbc:\n/);
  });

  it('custom_config: decoded into the Go struct, keys sorted, apiVersion/kind written twice like RKE1', () => {
    const custom = parse(`
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets]
  providers:
  - aescbc:
      keys:
      - name: ${K1.name}
        secret: ${K1.secret}
  - identity: {}
`);
    expect(encryptionConfigFromCustom(custom)).toBe(
      'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n' +
        'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- providers:\n  - aescbc:\n      keys:\n' +
        `      - name: ${K1.name}\n        secret: ${K1.secret}\n  - identity: {}\n  resources:\n  - secrets\n\n`,
    );
  });

  it('custom_config: unknown keys dropped, keys matched case-insensitively, kms fields as Go marshals them', () => {
    const out = encryptionConfigFromCustom({
      Resources: [{ Resources: ['secrets', 'configmaps'], providers: [{ kms: { name: 'vault', endpoint: 'unix:///kms.sock', cachesize: 100, timeout: '90s', bogus: 1 } }, { aesgcm: null }, { secretbox: { keys: [K2] } }] }],
      extra: true,
    });
    const doc = parse(out.split('\n').slice(2).join('\n'));
    expect(doc).toEqual({
      resources: [
        {
          providers: [{ kms: { apiVersion: '', name: 'vault', endpoint: 'unix:///kms.sock', cachesize: 100, timeout: '1m30s' } }, {}, { secretbox: { keys: [K2] } }],
          resources: ['secrets', 'configmaps'],
        },
      ],
    });
    expect(out).not.toContain('extra');
    expect(out).not.toContain('bogus');
  });

  it('Go time.Duration strings', () => {
    expect([0, 3e9, 90e9, 3600e9, 1.5e9, 5e5, 2e6].map(formatGoDuration)).toEqual(['0s', '3s', '1m30s', '1h0m0s', '1.5s', '500µs', '2ms']);
  });
});

describe('keys and the desired provider file', () => {
  it('generated keys look like RKE1 ones: k-xxxxx and a base64url 32-byte key', () => {
    for (let i = 0; i < 20; i++) {
      const k = generateEncryptionKey();
      expect(k.name).toMatch(/^k-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(k.secret).toMatch(/^[A-Za-z0-9_-]{43}=$/);
      const raw = Buffer.from(k.secret, 'base64url');
      expect(raw.length).toBe(32);
      expect(raw.toString('ascii')).toMatch(/^[0-9A-F]{32}$/);
    }
    const fixed = generateEncryptionKey((n) => Buffer.alloc(n, 0xab));
    expect(fixed.name).toBe(`k-${'bcdfghjklmnpqrstvwxz2456789'[0xab % 27]!.repeat(5)}`);
    expect(Buffer.from(fixed.secret, 'base64url').toString()).toBe('AB'.repeat(16));
  });

  it('activeEncryptionKey: the first aescbc key; anything else is an error', () => {
    expect(activeEncryptionKey(encryptionConfigWithKeys([K2, K1]))).toEqual(K2);
    expect(() => activeEncryptionKey(encryptionConfigIdentityFirst(K1))).toThrow(/not an aescbc key/);
  });

  it('desiredEncryptionConfig: disabled → none, generated → kept, custom → rendered every time', () => {
    const kept = encryptionConfigWithKeys([K1]);
    expect(desiredEncryptionConfig(withEncryption({ enabled: false }), kept)).toBeUndefined();
    expect(desiredEncryptionConfig({} as ClusterConfig, kept)).toBeUndefined();
    expect(desiredEncryptionConfig(withEncryption({ enabled: true }), kept)).toBe(kept);
    const custom = { resources: [{ resources: ['secrets'], providers: [{ aescbc: { keys: [K2] } }] }] };
    expect(desiredEncryptionConfig(withEncryption({ enabled: true, custom_config: custom }), kept)).toBe(encryptionConfigFromCustom(custom));
    const first = encryptionRebuildOptions(withEncryption({ enabled: true })).generate();
    expect(activeEncryptionKey(first).name).toMatch(/^k-/);
  });

  it('the applied provider file is currentState first, then desiredState', () => {
    expect(appliedEncryptionConfig({ desiredState: { encryptionConfig: 'd' }, currentState: { encryptionConfig: 'c' } })).toBe('c');
    expect(appliedEncryptionConfig({ desiredState: { encryptionConfig: 'd' }, currentState: {} })).toBe('d');
  });

  it('rotation: new key secondary, then primary (rewrite), then alone', () => {
    const stages = keyRotationStages(K1, K2);
    expect(stages.map((s) => parse(s.providerFile).resources[0].providers[0].aescbc.keys.map((k: { name: string }) => k.name))).toEqual([
      [K1.name, K2.name],
      [K2.name, K1.name],
      [K2.name],
    ]);
    expect(stages.map((s) => s.rewriteSecrets)).toEqual([false, true, false]);
    for (const s of stages) expect(parse(s.providerFile).resources[0].providers.at(-1)).toEqual({ identity: {} });
  });
});

describe('plan: a new provider file restarts kube-apiserver (RKE1 ReconcileEncryptionProviderConfig)', () => {
  const config = (parse(readFileSync(`${FIXTURES}configs/02-three-node-split.yaml`, 'utf8')) as { cluster: DesiredConfigInput }).cluster;
  const build = (file: string): DesiredCluster => buildDesiredCluster(inputFor(config, { encryptionProviderFile: file }));
  const converged = (desired: DesiredCluster): ObservedCluster => ({
    hosts: Object.fromEntries(
      desired.hosts.map((h): [string, ReachableHost] => {
        const files: Record<string, string> = {};
        for (const f of h.files) files[f.hostPath] = md5Hex(fileDeployerOnDisk(f.content));
        const containers: ReachableHost['containers'] = {};
        const imageEnv: ReachableHost['imageEnv'] = {};
        for (const spec of Object.values(h.containers)) {
          imageEnv[spec.image] = IMAGE_ENV;
          containers[spec.name] = {
            Id: spec.name,
            Config: { Image: spec.image, Entrypoint: spec.entrypoint, Cmd: spec.cmd, Env: [...IMAGE_ENV, ...spec.env] },
            HostConfig: { Binds: spec.binds, SecurityOpt: spec.securityOpt },
            State: { Running: spec.start, Restarting: false, Status: spec.start ? 'running' : 'created' },
          };
        }
        return [h.address, { address: h.address, reachable: true, facts: { dockerRootDir: '/var/lib/docker', architecture: 'x86_64', selinuxEnabled: false, dockerVersion: '20.10.24' }, containers, imageEnv, files }];
      }),
    ),
  });
  const plan = (desired: DesiredCluster, observed: ObservedCluster) =>
    planSteps(
      planCluster({
        desired,
        observed,
        certificateFiles: () => [],
        changedCertificates: [],
        removedHosts: [],
        addonChanges: [],
        nodeMeta: [],
        stateChanged: false,
        stateFile: 'cluster.rkestate',
      }),
    ).map((s) => `${s.phase} ${s.action} ${s.target}`);

  it('same file: nothing; new keys: deploy on control planes, then restart kube-apiserver there', () => {
    const before = build(encryptionConfigWithKeys([K1]));
    expect(plan(before, converged(before))).toEqual([]);
    const after = build(encryptionConfigWithKeys([K1, K2]));
    const steps = plan(after, converged(before));
    const cps = after.hosts.filter((h) => h.roles.includes('controlplane'));
    expect(steps).toEqual([
      ...cps.map((h) => `certificates deploy-file ${h.files.find((f) => f.path.endsWith('encryption.yaml'))!.hostPath}`),
      ...cps.map(() => 'controlplane restart kube-apiserver'),
    ]);
  });

  it('turning encryption on replaces kube-apiserver (new flag) instead of restarting it', () => {
    const before = build('');
    const steps = plan(build(encryptionConfigWithKeys([K1])), converged(before));
    expect(steps.filter((s) => s.includes('kube-apiserver'))).toEqual(expect.arrayContaining(['controlplane replace kube-apiserver']));
    expect(steps).not.toContain('controlplane restart kube-apiserver');
  });
});

describe('certificate_expiry extension key', () => {
  it('defaults when absent; values read; bad values are config errors', () => {
    expect(certificateExpirySettings('nodes: []\n')).toEqual(DEFAULT_CERTIFICATE_EXPIRY);
    expect(certificateExpirySettings('certificate_expiry:\n  rotate_within_days: 0\n  warn_within_days: 365\n')).toEqual({ warnWithinDays: 365, rotateWithinDays: 0 });
    expect(() => certificateExpirySettings('certificate_expiry:\n  rotate_within_days: soon\n')).toThrow(/rotate_within_days must be a whole number/);
    expect(() => certificateExpirySettings('certificate_expiry: 30\n')).toThrow(/must be a map/);
  });
});

describe('turning secrets encryption on and off', () => {
  const k1 = { name: 'k-aaaaa', secret: 'c2VjcmV0MQ==' };
  const k2 = { name: 'k-bbbbb', secret: 'c2VjcmV0Mg==' };

  it('names the transition from the applied provider file to the desired one', () => {
    const file = encryptionConfigWithKeys([k1]);
    expect(encryptionTransition('', '')).toBe('none');
    expect(encryptionTransition(file, file)).toBe('none');
    expect(encryptionTransition('', file)).toBe('enable');
    expect(encryptionTransition(file, '')).toBe('disable');
    expect(encryptionTransition(file, encryptionConfigWithKeys([k2, k1]))).toBe('change');
  });

  it('stops encrypting but keeps every key readable: identity first, then all the applied providers', () => {
    const staged = parse(identityFirstProviderFile(encryptionConfigWithKeys([k2, k1]))) as { kind: string; resources: { resources: string[]; providers: object[] }[] };
    expect(staged.kind).toBe('EncryptionConfiguration');
    expect(staged.resources).toEqual([{ resources: ['secrets'], providers: [{ identity: {} }, { aescbc: { keys: [k2, k1] } }] }]);
    // the same as RKE1's DisabledEncryptionProviderFile for a one-key file
    expect(parse(identityFirstProviderFile(encryptionConfigWithKeys([k1])))).toEqual(parse(encryptionConfigIdentityFirst(k1)));
    // applying it twice (a run killed after the first step) changes nothing
    const once = identityFirstProviderFile(encryptionConfigWithKeys([k1]));
    expect(identityFirstProviderFile(once)).toBe(once);
  });

  it('refuses a provider file it cannot read, before anything runs', () => {
    expect(() => identityFirstProviderFile('resources: [')).toThrow(/can't read the encryption provider config/);
    expect(() => identityFirstProviderFile('kind: EncryptionConfiguration')).toThrow(/no resources/);
  });
});
