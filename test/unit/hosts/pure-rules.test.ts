/** The transport's pure rules: registry matching, Docker version support, retries, stream demux, hosts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demuxDockerStream, looksMultiplexed, muxDockerStream } from '../../../src/hosts/docker-stream.js';
import { checkDockerVersion, factsFromDockerInfo, isSupportedDockerVersion, majorMinor, parseHostnameI } from '../../../src/hosts/host-facts.js';
import { dockerAuthConfig, findRegistryAuth, registryKeyForImage, splitImageReference } from '../../../src/hosts/registry-auth.js';
import { backoffDelay, isTransientNetworkError, withRetry } from '../../../src/hosts/retry.js';
import { describeOpenFailure, translateForwardError, translateSshError } from '../../../src/hosts/ssh-errors.js';
import { provisioningIncompleteError, validateActiveHosts } from '../../../src/hosts/tunnel.js';
import type { ClusterHost, HostRole } from '../../../src/hosts/types.js';
import { HostConnectionPool } from '../../../src/hosts/connection-pool.js';

describe('private registry matching (RKE1 GetImageRegistryConfig)', () => {
  it('splits references like the Docker reference grammar', () => {
    expect(splitImageReference('rancher/rke-tools:v0.1.114')).toEqual({ domain: 'docker.io', path: 'rancher/rke-tools' });
    expect(splitImageReference('busybox')).toEqual({ domain: 'docker.io', path: 'library/busybox' });
    expect(splitImageReference('localhost/x/y:1')).toEqual({ domain: 'localhost', path: 'x/y' });
    expect(splitImageReference('10.213.0.2:5000/rancher/hyperkube:v1.32.13-rancher1')).toEqual({ domain: '10.213.0.2:5000', path: 'rancher/hyperkube' });
    expect(splitImageReference('repo.com/a/b@sha256:abcd')).toEqual({ domain: 'repo.com', path: 'a/b' });
  });

  it('uses the path minus its last two components for deep repositories', () => {
    expect(registryKeyForImage('repo.com/foo/bar/rancher/rke-tools:v0.1.51')).toBe('repo.com/foo/bar');
    expect(registryKeyForImage('repo.com/rancher/rke-tools:v0.1.51')).toBe('repo.com');
    expect(registryKeyForImage('rancher/rke-tools')).toBe('docker.io');
    const regs = [{ url: 'repo.com/foo/bar', user: 'u', password: 'p' }, { url: 'docker.io', user: 'hub' }];
    expect(findRegistryAuth('repo.com/foo/bar/rancher/rke-tools:v1', regs)?.user).toBe('u');
    expect(findRegistryAuth('repo.com/rancher/rke-tools:v1', regs)).toBeUndefined();
    expect(findRegistryAuth('rancher/pause:3.7', regs)?.user).toBe('hub');
    expect(findRegistryAuth('rancher/pause:3.7', [])).toBeUndefined();
    expect(dockerAuthConfig({ url: 'r:5000', user: 'a', password: 'b' })).toEqual({ username: 'a', password: 'b', serveraddress: 'r:5000' });
  });
});

describe('Docker version check (RKE1 IsSupportedDockerVersion)', () => {
  const supported = ['1.13.x', '17.03.x', '20.10.x', '23.0.x', '27.2.x'];
  it('compares major.minor only', () => {
    expect(isSupportedDockerVersion('20.10.24+dfsg1', supported)).toBe(true);
    expect(isSupportedDockerVersion('17.03.2-ce', supported)).toBe(true);
    expect(isSupportedDockerVersion('27.2.1', supported)).toBe(true);
    expect(isSupportedDockerVersion('27.3.0', supported)).toBe(false);
    expect(isSupportedDockerVersion('2.10.0', ['20.10'])).toBe(false);
    expect(isSupportedDockerVersion('20.10.0', ['20.10'])).toBe(true);
    expect(() => isSupportedDockerVersion('dev', supported)).toThrow('Error while determining supported Docker version [dev]');
    expect(majorMinor('v1.31.1-rancher1-1')).toEqual({ major: 1, minor: 31 });
  });

  it('fails with RKE1\'s message unless ignored', () => {
    expect(() => checkDockerVersion({ address: 'n1', dockerVersion: '28.0.1' }, ['20.10.x', '23.0.x'], false)).toThrow(
      'Unsupported Docker version found [28.0.1] on host [n1], supported versions are [20.10.x 23.0.x]',
    );
    expect(() => checkDockerVersion({ address: 'n1', dockerVersion: '28.0.1' }, ['20.10.x'], true)).not.toThrow();
  });

  it('reads facts from docker info and hostname -I', () => {
    const facts = factsFromDockerInfo(
      '10.0.0.1',
      { ServerVersion: '20.10.24', OperatingSystem: 'Debian GNU/Linux 12 (bookworm)', KernelVersion: '6.1.0', CgroupDriver: 'systemd', CgroupVersion: '2', Name: 'n1', NCPU: 4, MemTotal: 8e9, Architecture: 'x86_64', SecurityOptions: ['name=seccomp,profile=default'] },
      parseHostnameI('10.0.0.1 172.17.0.1 fd00::1 \n'),
    );
    expect(facts).toMatchObject({ dockerVersion: '20.10.24', cgroupDriver: 'systemd', cgroupVersion: '2', hostname: 'n1', cpus: 4, osType: 'linux', dockerRootDir: '/var/lib/docker' });
    expect(facts.addresses).toEqual(['10.0.0.1', '172.17.0.1', 'fd00::1']);
  });
});

describe('retries', () => {
  it('doubles the delay up to the cap, with bounded jitter', () => {
    const policy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 500 };
    expect([2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 0.5))).toEqual([100, 200, 400, 500]);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 20 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const d = backoffDelay(policy, n, () => r);
        return d >= 80 && d <= 600;
      }),
    );
  });

  it('retries transient failures only, up to the attempt limit', async () => {
    let calls = 0;
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(withRetry(async () => { calls++; throw refused; }, { policy: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } })).rejects.toBe(refused);
    expect(calls).toBe(3);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw new Error('All configured authentication methods failed'); }, { policy: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } })).rejects.toThrow();
    expect(calls).toBe(1);
    calls = 0;
    expect(await withRetry(async (n) => { calls++; if (n < 2) throw refused; return 'ok'; }, { policy: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } })).toBe('ok');
    expect(calls).toBe(2);
    expect(isTransientNetworkError({ statusCode: 503 })).toBe(true);
    expect(isTransientNetworkError({ statusCode: 404 })).toBe(false);
  });
});

describe('Docker stream demux', () => {
  it('round-trips stdout/stderr frames', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ stream: fc.constantFrom('stdout' as const, 'stderr' as const), data: fc.uint8Array({ minLength: 1, maxLength: 300 }) })), (frames) => {
        const buf = muxDockerStream(frames.map((f) => ({ stream: f.stream, data: Buffer.from(f.data) })));
        const out = demuxDockerStream(buf);
        const want = (s: string) => Buffer.concat(frames.filter((f) => f.stream === s).map((f) => Buffer.from(f.data)));
        expect(out.stdout.equals(want('stdout'))).toBe(true);
        expect(out.stderr.equals(want('stderr'))).toBe(true);
        if (frames.length > 0) expect(looksMultiplexed(buf)).toBe(true);
      }),
    );
    expect(looksMultiplexed(Buffer.from('plain tty output'))).toBe(false);
  });
});

describe('unreachable hosts (RKE1 TunnelHosts / ValidateHostCount / checkAllIncluded)', () => {
  const host = (address: string, ...roles: HostRole[]): ClusterHost => ({ spec: { address }, roles, internalAddress: address });
  const e1 = host('e1', 'etcd');
  const e2 = host('e2', 'etcd', 'controlplane');
  const w1 = host('w1', 'worker');
  const all = [e1, e2, w1];

  it('continues while an etcd host is left, like RKE1', () => {
    expect(() => validateActiveHosts(all, [e1, w1], {})).not.toThrow();
    expect(() => validateActiveHosts(all, [e1, e2], {})).toThrow(
      'Cluster must have at least one etcd plane host: failed to connect to the following etcd host(s) [e1 e2]',
    );
    expect(() => validateActiveHosts([w1], [], {})).toThrow('please specify one or more etcd in cluster config');
    expect(() => validateActiveHosts([w1], [], { externalEtcd: true })).not.toThrow();
  });

  it('makes chosen roles fatal on request', () => {
    expect(() => validateActiveHosts(all, [e2], { fatalRoles: ['etcd', 'controlplane'] })).toThrow('Failed to contact etcd host(s) [e2]');
    expect(() => validateActiveHosts(all, [w1], { fatalRoles: ['etcd', 'controlplane'] })).not.toThrow();
  });

  it('ends the run with RKE1\'s provisioning incomplete error', () => {
    expect(provisioningIncompleteError([])).toBeUndefined();
    expect(provisioningIncompleteError([w1, e1])?.message).toBe('Provisioning incomplete, host(s) [w1,e1] skipped because they could not be contacted');
  });
});

describe('SSH error wording', () => {
  const d = { target: '10.0.0.1:22', user: 'rancher', credential: 'key [/home/u/.ssh/id_rsa]' };
  it('keeps RKE1\'s sentences and adds user and key', () => {
    const auth = translateSshError(Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }), d);
    expect(auth.message).toMatch(/^Unable to access node with address \[10\.0\.0\.1:22\] using SSH\. Please check if you are able to SSH/);
    expect(auth.message).toContain('user [rancher], key [/home/u/.ssh/id_rsa]');
    const timeout = translateSshError(Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' }), d);
    expect(timeout.message).toContain('Please check if the node is up and is accepting SSH connections');
    const other = translateSshError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:22'), { code: 'ECONNREFUSED' }), { ...d, via: 'b:22' });
    expect(other.message).toBe('Failed to dial ssh using address [10.0.0.1:22]: connect ECONNREFUSED 10.0.0.1:22 (user [rancher], key [/home/u/.ssh/id_rsa], through bastion host [b:22])');
  });

  it('words channel failures like Go\'s x/crypto/ssh', () => {
    const refused = Object.assign(new Error('(SSH) Channel open failure: open failed'), { reason: 2 });
    expect(describeOpenFailure(refused)).toBe('ssh: rejected: connect failed (open failed)');
    expect(translateForwardError(refused, 'n:22', '/var/run/docker.sock', 'u').message).toMatch(
      /^Unable to access the service on \/var\/run\/docker\.sock\. The service might be still starting up\. Error: ssh: rejected: connect failed \(open failed\)/,
    );
    const prohibited = Object.assign(new Error('(SSH) Channel open failure: administratively prohibited'), { reason: 1 });
    expect(translateForwardError(prohibited, 'n:22', '/var/run/docker.sock', 'u').message).toMatch(/^Unable to access the Docker socket \(\/var\/run\/docker\.sock\)\. Please check if the configured user can execute `docker ps`/);
  });
});

describe('connection pool keys', () => {
  it('is one entry per user@address:port, bastion included', () => {
    expect(HostConnectionPool.keyOf({ address: 'a', port: '22', user: 'root' })).toBe('root@a:22');
    expect(HostConnectionPool.keyOf({ address: 'a' })).toBe('root@a:22');
    expect(HostConnectionPool.keyOf({ address: 'a', port: 2222, user: 'u', bastion: { address: 'b', user: 'j' } })).toBe('u@a:2222 via j@b:22');
    expect(() => HostConnectionPool.keyOf({ address: 'a', port: 'x' })).toThrow('Invalid SSH port [x]');
  });
});
