/**
 * Docker operations over the SSH-forwarded socket against this machine's dockerd: container
 * lifecycle, one-shot containers, exec, file copy in/out, private registry pulls, host facts,
 * tunnelHosts and port checks. Container names carry the test's pid so parallel runs do not clash.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostError } from '../../../src/errors.js';
import { Logger } from '../../../src/log/logger.js';
import { HostConnectionPool, type HostConnection } from '../../../src/hosts/connection-pool.js';
import { checkClusterPorts, PORT_LISTENERS, runPortCheck } from '../../../src/hosts/port-check.js';
import { provisioningIncompleteError, tunnelHosts } from '../../../src/hosts/tunnel.js';
import type { ClusterHost, HostConnectionSpec } from '../../../src/hosts/types.js';
import { AuthRegistry } from './fixtures/registry.js';
import { freePort, run, Sshd, SshWorkspace, type KeyPair } from './fixtures/sshd.js';
import { ensureTestImage } from './fixtures/test-image.js';

const FAST_RETRY = { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 };
const tag = `rkets${process.pid}`;

let ws: SshWorkspace;
let sshd: Sshd;
let key: KeyPair;
let image: string;
let pool: HostConnectionPool;
let conn: HostConnection;
let registry: AuthRegistry | undefined;

function spec(extra: Partial<HostConnectionSpec> = {}): HostConnectionSpec {
  return { address: sshd.host, port: sshd.port, user: 'root', sshKeyPath: key.privatePath, ...extra };
}

beforeAll(async () => {
  ws = await SshWorkspace.create();
  key = await ws.keygen('root');
  await ws.authorize('root', key);
  sshd = await Sshd.start(ws, 'docker');
  image = await ensureTestImage();
  pool = new HostConnectionPool({ retry: FAST_RETRY });
  conn = await pool.connect(spec());
});

afterAll(async () => {
  const names = (await run('docker', ['ps', '-aq', '--filter', `name=${tag}`])).split('\n').filter(Boolean);
  if (names.length) await run('docker', ['rm', '-f', ...names]);
  await pool?.closeAll();
  await registry?.stop();
  await sshd?.stop();
  await ws?.cleanup();
});

describe('containers', () => {
  it('creates, starts, inspects, lists, renames, stops and removes a container', async () => {
    const name = `${tag}-life`;
    const docker = conn.docker;
    await docker.removeContainer(name);
    const id = await docker.createContainer(name, { Image: image, Cmd: ['sleep', '300'], Labels: { 'rke-ts-test': tag } });
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    await docker.startContainer(name);
    const inspected = await docker.inspectContainer(name);
    expect(inspected?.State.Running).toBe(true);
    expect(inspected?.Config.Cmd).toEqual(['sleep', '300']);
    const listed = await docker.listContainers({ filters: { label: [`rke-ts-test=${tag}`] } });
    expect(listed.map((c) => c.Id)).toContain(id);
    await docker.renameContainer(name, `${name}-old`);
    expect(await docker.inspectContainer(name)).toBeUndefined();
    await docker.stopContainer(`${name}-old`, 1);
    expect((await docker.inspectContainer(`${name}-old`))?.State.Running).toBe(false);
    expect(await docker.removeContainer(`${name}-old`)).toBe(true);
    expect(await docker.removeContainer(`${name}-old`)).toBe(false);
    expect(await docker.inspectContainer(`${name}-old`)).toBeUndefined();
  });

  it('runs a one-shot container and collects exit code, stdout and stderr', async () => {
    const out = await conn.docker.runOnce({
      name: `${tag}-once`,
      config: { Image: image, Cmd: ['sh', '-c', 'echo to-stdout; echo to-stderr >&2; exit 3'] },
    });
    expect(out).toEqual({ exitCode: 3, stdout: 'to-stdout\n', stderr: 'to-stderr\n' });
    expect(await conn.docker.inspectContainer(`${tag}-once`)).toBeUndefined();
    await expect(
      conn.docker.runOnceChecked({ name: `${tag}-once`, config: { Image: image, Cmd: ['sh', '-c', 'echo boom >&2; exit 2'] } }),
    ).rejects.toThrow(`Container [${tag}-once] exited with non-zero exit code [2] on host [${sshd.host}]: stdout: , stderr: boom`);
  });

  it('bounds a one-shot container by its timeout', async () => {
    const started = Date.now();
    await expect(
      conn.docker.runOnce({ name: `${tag}-slow`, config: { Image: image, Cmd: ['sleep', '60'] }, timeoutMs: 1_000 }),
    ).rejects.toThrow(`Container [${tag}-slow] did not exit in time`);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('copies files in and reads them back, and execs in a running container', async () => {
    const name = `${tag}-files`;
    const docker = conn.docker;
    await docker.removeContainer(name);
    await docker.createContainer(name, { Image: image, Cmd: ['sleep', '300'] });
    await docker.startContainer(name);
    const pem = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const longName = `${'d'.repeat(60)}/${'f'.repeat(120)}.yaml`;
    await docker.putFiles(name, '/tmp', [
      { name: 'ssl', type: 'directory', mode: 0o700 },
      { name: 'ssl/kube-ca.pem', type: 'file', data: pem, mode: 0o600 },
      { name: longName, type: 'file', data: Buffer.from('long: true\n') },
    ]);
    expect(await docker.readFile(name, '/tmp/ssl/kube-ca.pem')).toEqual(pem);
    expect((await docker.readFile(name, `/tmp/${longName}`)).toString()).toBe('long: true\n');
    const dir = await docker.getArchive(name, '/tmp/ssl');
    expect(dir.map((e) => [e.name, e.type])).toEqual([
      ['ssl', 'directory'],
      ['ssl/kube-ca.pem', 'file'],
    ]);
    expect(dir[1]?.mode).toBe(0o600);

    const ls = await docker.exec(name, ['sh', '-c', 'stat -c %a /tmp/ssl/kube-ca.pem; cat /tmp/ssl/kube-ca.pem >&2; exit 4']);
    expect(ls.exitCode).toBe(4);
    expect(ls.stdout.trim()).toBe('600');
    expect(ls.stderr).toBe(pem.toString());
    await expect(docker.readFile(name, '/tmp/missing')).rejects.toThrow(`Failed to copy file [/tmp/missing] from container [${name}] on host [${sshd.host}]`);
    await docker.removeContainer(name);
  });

  it('fails a call in flight when the SSH connection drops, and the next call reconnects', async () => {
    const p = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const c = await p.connect(spec());
      const name = `${tag}-drop`;
      await c.docker.removeContainer(name);
      await c.docker.createContainer(name, { Image: image, Cmd: ['sleep', '60'] });
      await c.docker.startContainer(name);
      const waiting = c.docker.waitContainer(name, 120_000);
      await new Promise((r) => setTimeout(r, 500));
      const started = Date.now();
      c.ssh.end();
      await expect(waiting).rejects.toThrow(`Failed waiting for container [${name}] on host [${sshd.host}]`);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await c.docker.removeContainer(name)).toBe(true);
      expect(p.stats.sshConnections).toBe(2);
    } finally {
      await p.closeAll();
    }
  });

  it('reports Docker API errors with the host and the container', async () => {
    const err = await conn.docker.startContainer(`${tag}-does-not-exist`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect((err as HostError).message).toContain(`Failed to start [${tag}-does-not-exist] container on host [${sshd.host}]`);
    expect((err as HostError).subject.host).toBe(sshd.host);
  });
});

describe('private registry', () => {
  it('pulls with the matching private_registries credentials and fails without them', async () => {
    registry = await AuthRegistry.start(ws.dir);
    const dockerConfig = path.join(ws.dir, 'docker-config');
    await mkdir(dockerConfig, { recursive: true });
    const ref = await registry.push(image, `rke-ts/busybox-${tag}:1`, dockerConfig);
    try {
      expect(await conn.docker.imageExists(ref)).toBe(false);
      const denied = await conn.docker.pullImage(ref).catch((e: unknown) => e);
      expect(denied).toBeInstanceOf(HostError);
      expect((denied as Error).message).toContain(`Failed to pull image [${ref}] on host [${sshd.host}]`);
      expect((denied as Error).message).toMatch(/no basic auth credentials|unauthorized|authentication required/i);

      const registries = [{ url: registry.url, user: registry.user, password: registry.password }];
      expect(await conn.docker.ensureImage(ref, registries)).toBe('pulled');
      expect(await conn.docker.imageExists(ref)).toBe(true);
      expect(await conn.docker.ensureImage(ref, registries)).toBe('present');
    } finally {
      await run('docker', ['rmi', '-f', ref]).catch(() => undefined);
    }
  });
});

describe('tunnelHosts and host facts', () => {
  it('collects facts, checks the Docker version, and sets unreachable hosts aside like RKE1', async () => {
    const lines: string[] = [];
    const log = new Logger('debug', { write: (l) => lines.push(l) });
    const local = await run('docker', ['version', '--format', '{{.Server.Version}}']);
    const [major, minor] = local.trim().split('.');
    const closedPort = await freePort();
    const hosts: ClusterHost[] = [
      { spec: spec(), roles: ['etcd', 'controlplane', 'worker'], internalAddress: '127.0.0.1' },
      { spec: spec({ address: '127.0.0.1', port: closedPort }), roles: ['worker'], internalAddress: '127.0.0.1' },
    ];
    const p = new HostConnectionPool({ retry: FAST_RETRY });
    try {
      const res = await tunnelHosts(p, hosts, { supportedDockerVersions: ['1.13.x', `${major}.${minor}.x`], ignoreDockerVersion: false, log });
      expect(res.active).toHaveLength(1);
      const facts = res.active[0]!.facts;
      expect(facts.dockerVersion).toBe(local.trim());
      expect(facts.kernelVersion).toBe((await run('uname', ['-r'])).trim());
      expect(['cgroupfs', 'systemd']).toContain(facts.cgroupDriver);
      expect(facts.operatingSystem).not.toBe('');
      expect(facts.addresses.length).toBeGreaterThan(0);
      expect(res.inactive.map((i) => i.host)).toEqual([hosts[1]]);
      expect(lines.join('')).toContain(`Failed to set up SSH tunneling for host [127.0.0.1]: Failed to dial ssh using address [127.0.0.1:${closedPort}]`);
      expect(lines.join('')).toContain('Removing host [127.0.0.1] from node lists');
      expect(provisioningIncompleteError(res.inactive)?.message).toBe(
        'Provisioning incomplete, host(s) [127.0.0.1] skipped because they could not be contacted',
      );

      await expect(tunnelHosts(p, hosts.slice(0, 1), { supportedDockerVersions: ['1.13.x', '17.03.x'], ignoreDockerVersion: false })).rejects.toThrow(
        `Unsupported Docker version found [${local.trim()}] on host [${sshd.host}], supported versions are [1.13.x 17.03.x]`,
      );
      const ignored = await tunnelHosts(p, hosts.slice(0, 1), { supportedDockerVersions: ['1.13.x'], ignoreDockerVersion: true });
      expect(ignored.active).toHaveLength(1);

      // Only an unreachable etcd host, and no etcd host left: RKE1's fatal error.
      const etcdDown: ClusterHost[] = [{ ...hosts[1]!, roles: ['etcd'] }, { ...hosts[0]!, roles: ['worker'] }];
      await expect(tunnelHosts(p, etcdDown, { supportedDockerVersions: [`${major}.${minor}`], ignoreDockerVersion: false })).rejects.toThrow(
        'Cluster must have at least one etcd plane host: failed to connect to the following etcd host(s) [127.0.0.1]',
      );
      // One connection to the reachable host across all four runs.
      expect(p.stats.perTarget.get(`root@${sshd.host}:${sshd.port}`)).toBe(1);
    } finally {
      await p.closeAll();
    }
  });
});

describe('port checks', () => {
  it('deploys listeners, checks every role pair, and removes the listeners', async () => {
    const lines: string[] = [];
    const log = new Logger('info', { write: (l) => lines.push(l) });
    const host: ClusterHost = { spec: spec(), roles: ['etcd', 'controlplane', 'worker'], internalAddress: '127.0.0.1' };
    await checkClusterPorts([{ host, connection: conn }], { image, log, retryDelayMs: 500 });
    const text = lines.join('');
    expect(text).toContain('[network] Deploying port listener containers');
    expect(text).toContain('[network] Running control plane -> etcd port checks');
    expect(text).toContain('[network] Running control plane -> worker port checks');
    expect(text).toContain('[network] Running workers -> control plane port checks');
    expect(text).toContain(`[network] Checking if host [${sshd.host}] can connect to host(s) [127.0.0.1] on port(s) [2379], try #1`);
    expect(text).not.toContain('try #2');
    expect(text).toContain('[network] Port listener containers removed successfully');
    for (const l of Object.values(PORT_LISTENERS)) expect(await conn.docker.inspectContainer(l.container)).toBeUndefined();
  });

  it('fails with RKE1\'s message naming the host and the unreachable ports', async () => {
    const lines: string[] = [];
    const log = new Logger('info', { write: (l) => lines.push(l) });
    const cp: ClusterHost = { spec: spec(), roles: ['etcd', 'controlplane'], internalAddress: '127.0.0.1' };
    const closed = await freePort();
    await expect(
      runPortCheck({ host: cp, connection: conn }, { from: cp, targets: ['127.0.0.1'], ports: [closed] }, { image, log, tries: 2, retryDelayMs: 200 }),
    ).rejects.toThrow(
      `[network] Host [${sshd.host}] is not able to connect to the following ports: [127.0.0.1:${closed}]. Please check network policies and firewall rules`,
    );
    expect(lines.join('')).toContain('try #2');
  });
});
