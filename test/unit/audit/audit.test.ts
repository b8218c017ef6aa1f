import { describe, expect, it } from 'vitest';
import {
  auditNodes,
  hostRequirementProblems,
  modeWithin,
  parseAccounts,
  parseFlags,
  parseStatOutput,
  parseSysctlOutput,
  type FileFact,
  type NodeFacts,
} from '../../../src/audit/index.js';
import { effectiveClusterConfig } from '../../../src/config/load.js';
import { parseClusterConfig } from '../../../src/config/parse.js';
import { buildDesiredCluster, type DesiredHost } from '../../../src/desired/index.js';
import type { DesiredConfigInput } from '../../../src/desired/input.js';
import { REQUIRED_SYSCTLS } from '../../../src/profile/index.js';
import { fixtureTable } from '../config/fixture-table.js';
import { inputFor } from '../desired/fixtures.js';

describe('parsers', () => {
  it('reads flags the way kube-bench reads ps output (last one wins, bare flags are true)', () => {
    const flags = parseFlags(['/opt/rke-tools/entrypoint.sh', 'kubelet', '--a=1', '--b', 'x', '--c', '--a=2', '--d=']);
    expect(Object.fromEntries(flags)).toEqual({ a: '2', b: 'x', c: 'true', d: '' });
  });

  it('reads stat, sysctl and getent output', () => {
    expect(parseStatOutput('/var/lib/etcd|700|52034|52034|etcd|etcd|directory\ngarbage\n')).toEqual({
      '/var/lib/etcd': { path: '/var/lib/etcd', mode: 0o700, uid: 52034, gid: 52034, user: 'etcd', group: 'etcd', directory: true },
    });
    expect(parseSysctlOutput('/proc/sys/vm/overcommit_memory:1\n/proc/sys/kernel/keys/root_maxkeys:1000000\n')).toEqual({
      'vm.overcommit_memory': '1',
      'kernel.keys.root_maxkeys': '1000000',
    });
    expect(parseAccounts('etcd:x:52034:52035:etcd user:/home/etcd:/sbin/nologin\netcd:x:52035:\n')).toEqual({
      users: { etcd: 52034 },
      groups: { etcd: 52035 },
    });
  });

  it('compares modes like kube-bench bitmask', () => {
    expect(modeWithin(0o600, 0o600)).toBe(true);
    expect(modeWithin(0o400, 0o600)).toBe(true);
    expect(modeWithin(0o644, 0o600)).toBe(false);
    expect(modeWithin(0o700, 0o700)).toBe(true);
    expect(modeWithin(0o755, 0o700)).toBe(false);
  });
});

const NODES = 'nodes:\n- {address: 10.0.0.1, user: rke, role: [etcd, controlplane, worker]}\nnetwork: {plugin: flannel}\n';

function desiredHost(extra: string): DesiredHost {
  const { config, lines } = parseClusterConfig(`${NODES}${extra}`);
  const effective = effectiveClusterConfig(config, { table: fixtureTable(), lines }).config;
  const encrypted = effective.services?.['kube-api']?.secrets_encryption_config?.enabled === true;
  return buildDesiredCluster(inputFor(effective as DesiredConfigInput, encrypted ? { encryptionProviderFile: 'kind: EncryptionConfiguration' } : {})).hosts[0]!;
}

const file = (path: string, mode: number, owner: [number, string] = [0, 'root'], directory = false): FileFact => ({
  path,
  mode,
  uid: owner[0],
  gid: owner[0],
  user: owner[1],
  group: owner[1],
  directory,
});

/** What RKE's deployers leave on a node running `host` (cert-deployer, file-deployer, etcd-fix-perm). */
function nodeAsDeployed(host: DesiredHost): NodeFacts {
  const etcdUser = host.containers.etcd?.user;
  const etcdId = etcdUser ? Number(etcdUser.split(':')[0]) : undefined;
  const etcdOwner: [number, string] = etcdId ? [etcdId, 'etcd'] : [0, 'root'];
  const files: Record<string, FileFact> = {
    '/etc/kubernetes/ssl': file('/etc/kubernetes/ssl', 0o755, [0, 'root'], true),
    '/var/lib/etcd': file('/var/lib/etcd', 0o700, etcdOwner, true),
  };
  for (const name of host.certificates) {
    for (const suffix of ['.pem', '-key.pem']) {
      const path = `/etc/kubernetes/ssl/${name}${suffix}`;
      const etcdFile = name.startsWith('kube-etcd-');
      const mode = name === 'kube-ca' && suffix === '.pem' && etcdId ? 0o644 : 0o600;
      files[path] = file(path, mode, etcdFile ? etcdOwner : [0, 'root']);
    }
    files[`/etc/kubernetes/ssl/kubecfg-${name}.yaml`] = file(`/etc/kubernetes/ssl/kubecfg-${name}.yaml`, 0o600);
  }
  for (const f of host.files) files[f.path] = { ...file(f.path, 0o600), content: f.content };
  const containers: NodeFacts['containers'] = {};
  for (const spec of Object.values(host.containers)) {
    containers[spec.name] = { running: true, args: [...spec.entrypoint, ...spec.cmd], user: spec.user ?? '' };
  }
  return {
    address: host.address,
    hostname: host.hostname,
    roles: host.roles,
    containers,
    files,
    sysctls: { ...REQUIRED_SYSCTLS },
    accounts: etcdId ? { users: { etcd: etcdId }, groups: { etcd: etcdId } } : { users: {}, groups: {} },
  };
}

describe('auditNodes on what RKE deploys', () => {
  it('passes every check under the cis profile (kube-ca.pem 644 for the non-root etcd is the one accepted exception)', () => {
    const report = auditNodes([nodeAsDeployed(desiredHost('profile: cis\n'))]);
    expect(report.results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.results.filter((r) => r.status === 'warn').map((r) => r.id)).toEqual(['1.1.20', '4.1.7']);
    expect(report.counts.pass).toBeGreaterThan(50);
  });

  it('fails exactly what the profile adds on a default RKE1 cluster', () => {
    const report = auditNodes([nodeAsDeployed(desiredHost(''))]);
    expect(report.passed).toBe(false);
    expect(report.results.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual([
      'RKE-1.1.12',
      '1.2.9',
      'RKE-1.2.29',
      'RKE-PSA',
      '1.3.7',
      '1.4.2',
      'RKE-KERNEL',
    ]);
  });

  it('names the file, flag or value that fails', () => {
    const node = nodeAsDeployed(desiredHost('profile: cis\n'));
    node.files['/var/lib/etcd'] = { ...node.files['/var/lib/etcd']!, mode: 0o755, user: 'root', uid: 0 };
    node.files['/etc/kubernetes/ssl/kubecfg-kube-node.yaml']!.mode = 0o644;
    node.sysctls['kernel.panic'] = '0';
    const kubelet = node.containers.kubelet!;
    kubelet.args = [...kubelet.args, '--anonymous-auth=true'];
    const failed = Object.fromEntries(auditNodes([node]).results.filter((r) => r.status === 'fail').map((r) => [r.id, r.detail]));
    expect(failed).toEqual({
      '1.1.11': '/var/lib/etcd 755',
      'RKE-1.1.12': 'etcd runs as uid 52034; /var/lib/etcd root:etcd (0:52034)',
      '4.1.5': '/etc/kubernetes/ssl/kubecfg-kube-node.yaml 644',
      '4.2.1': '--anonymous-auth=true',
      'RKE-KERNEL': 'kernel.panic=0 (needs 10)',
    });
  });

  it('runs each check only on nodes with its role', () => {
    const node = nodeAsDeployed(desiredHost('profile: cis\n'));
    const worker = { ...node, roles: ['worker' as const] };
    const ids = new Set(auditNodes([worker]).results.map((r) => r.id));
    expect(ids.has('4.2.1')).toBe(true);
    expect(ids.has('1.2.1')).toBe(false);
    expect(ids.has('2.1')).toBe(false);
  });
});

describe('host requirements before up', () => {
  const facts = { address: '10.0.0.1', roles: ['etcd' as const], sysctls: { ...REQUIRED_SYSCTLS }, accounts: { users: { etcd: 52034 }, groups: { etcd: 52034 } } };

  it('accepts a prepared host', () => {
    expect(hostRequirementProblems(facts, { uid: 52034, gid: 52034 })).toEqual([]);
  });

  it('names host and sysctl, and how to create the etcd account', () => {
    const problems = hostRequirementProblems(
      { ...facts, sysctls: { ...REQUIRED_SYSCTLS, 'vm.overcommit_memory': '0' }, accounts: { users: {}, groups: {} } },
      { uid: 52034, gid: 52034 },
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^\[10\.0\.0\.1\] sysctl vm\.overcommit_memory is \[0\], the kubelet's --protect-kernel-defaults needs \[1\]/);
    expect(problems[1]).toMatch(/^\[10\.0\.0\.1\] etcd runs as 52034:52034 .* found no etcd user \(groupadd -g 52034 etcd && useradd -r -u 52034/);
  });

  it('does not ask workers for an etcd account', () => {
    expect(hostRequirementProblems({ ...facts, roles: ['worker'], accounts: { users: {}, groups: {} } }, { uid: 52034, gid: 52034 })).toEqual([]);
  });
});
