/**
 * e2e harness: a fresh lab (real Docker-in-Docker nodes with sshd and dockerd), the real `rke` CLI
 * (dist/cli/main.js, built by scripts/build) run as a subprocess, and checks through the real
 * Kubernetes API and the nodes' Docker engines.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { V1DaemonSet, V1Deployment } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { renderClusterYml } from '../../lab/src/cluster-yml.js';
import { labDown, labUp, type LabInfo } from '../../lab/src/lab.js';

const run = promisify(execFile);
/** The CLI under test: dist/ from scripts/build, or RKE_CLI (a build of one's own while others rebuild dist/). */
export const RKE = resolve(process.env.RKE_CLI ?? 'dist/cli/main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function rke(args: string[], cwd: string, timeoutMs = 1_500_000): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('node', [RKE, ...args], { cwd, timeout: timeoutMs, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

interface PlannedStep {
  phase: string;
  host?: string;
  action: string;
  target: string;
  reason: string;
  changes: { field: string; before: unknown; after: unknown }[];
}

/**
 * `rke plan --output json` in a few lines: each step, and for each changed field what was removed
 * and added (list fields: only the differing elements). Assertion messages show this instead of a
 * truncated JSON dump, so a failure in CI names the exact flag that differs.
 */
export function planSummary(planJson: string): string {
  const plan = JSON.parse(planJson) as { changes: number; phases: { steps: PlannedStep[] }[] };
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 300);
  const lines = [`${plan.changes} change(s)`];
  for (const step of plan.phases.flatMap((p) => p.steps)) {
    lines.push(`${step.phase} ${step.host ?? '-'} ${step.action} ${step.target}: ${step.reason}`);
    for (const c of step.changes ?? []) {
      if (Array.isArray(c.before) && Array.isArray(c.after)) {
        const before = c.before.map(String);
        const after = c.after.map(String);
        lines.push(`  ${c.field}: -${show(before.filter((x) => !after.includes(x)))} +${show(after.filter((x) => !before.includes(x)))}`);
      } else {
        lines.push(`  ${c.field}: ${show(c.before)} -> ${show(c.after)}`);
      }
    }
  }
  return lines.join('\n');
}

/** `rke plan --output json` for `configPath`, which must plan nothing; `context` is shown when it does. */
export async function expectNothingPlanned(configPath: string, cwd: string, context = ''): Promise<void> {
  const planned = await rke(['plan', '--config', configPath, '--output', 'json'], cwd);
  if (planned.code === 1) throw new Error(`rke plan failed: ${planned.stderr.slice(-3000)}`);
  const changes = (JSON.parse(planned.stdout) as { changes: number }).changes;
  if (changes !== 0) throw new Error(`rke plan still has changes:\n${planSummary(planned.stdout)}${context ? `\n--- ${context.slice(-4000)}` : ''}`);
}

/** A fresh lab of `count` nodes (previous lab removed with its volumes). */
export async function freshLab(count: number): Promise<LabInfo> {
  await labDown();
  return labUp({ nodes: count, log: (l) => process.stderr.write(`lab: ${l}\n`) });
}

export interface NodeRoles {
  roles: ('etcd' | 'controlplane' | 'worker')[];
}

/** The lab's cluster.yml with the given roles per node, in a new temp directory; returns its path. */
export function writeClusterYml(lab: LabInfo, roles: NodeRoles['roles'][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rke-e2e-'));
  const yml = renderClusterYml(
    roles.map((r, i) => ({ address: lab.nodes[i]!.address, hostnameOverride: lab.nodes[i]!.name, roles: r })),
    { sshKeyPath: lab.sshKeyPath },
  );
  const path = join(dir, 'cluster.yml');
  writeFileSync(path, yml);
  return path;
}

/** Rewrites a cluster.yml through `fn` (the parsed document, changed in place, written back). */
export function editClusterYml(path: string, fn: (config: Record<string, unknown>) => void): void {
  const config = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  fn(config);
  writeFileSync(path, stringify(config));
}

/**
 * A DaemonSet named `name` (label app=<name>) with a pod on every node, every taint tolerated: each
 * serves its node's name over HTTP on port 8080 (busybox httpd from the rke-tools image the lab
 * has) and is Ready once it answers.
 */
export function echoDaemonSet(name: string, image = 'rancher/rke-tools:v0.1.114'): V1DaemonSet {
  const labels = { app: name };
  return {
    metadata: { name },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          tolerations: [{ operator: 'Exists' }],
          containers: [{
            name,
            image,
            command: ['sh', '-c', 'mkdir -p /www && echo "$NODE" > /www/index.html && exec busybox httpd -f -p 8080 -h /www'],
            env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
            ports: [{ containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 3 },
          }],
        },
      },
    },
  };
}

/** Deployment `web` (label app=web): busybox httpd on port 8080, the workload the lifecycle tests keep running. */
export function webDeployment(replicas: number, image = 'rancher/rke-tools:v0.1.114'): V1Deployment {
  return {
    metadata: { name: 'web' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image, command: ['sh', '-c', 'mkdir -p /w && echo ok > /w/index.html && exec busybox httpd -f -p 8080 -h /w'] }] },
      },
    },
  };
}

/** Container name → ID of every container on a lab node (through the node's own Docker engine). */
export async function containerIds(nodeContainer: string): Promise<Record<string, string>> {
  const { stdout } = await run('docker', ['exec', nodeContainer, 'docker', 'ps', '-a', '--no-trunc', '--format', '{{.Names}} {{.ID}}']);
  const out: Record<string, string> = {};
  for (const line of stdout.trim().split('\n')) {
    const [name, id] = line.split(' ');
    if (name && id && !name.startsWith('k8s_')) out[name] = id;
  }
  return out;
}

/** Polls `fn` every 3 s until it returns a value (not undefined) or the timeout expires. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${String(last ?? '')}`);
    await new Promise((r) => setTimeout(r, 3000));
  }
}

/**
 * Runs `rke <args>` and kills it with SIGKILL as soon as a stderr line matches `killAt`
 * (a crash at a chosen plan step). Resolves with whether it was killed and the output so far.
 */
export async function rkeKilledAt(args: string[], cwd: string, killAt: RegExp, timeoutMs = 1_200_000): Promise<{ killed: boolean; code: number | null; stderr: string }> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolvePromise) => {
    const child = spawn('node', [RKE, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      if (!killed && killAt.test(stderr)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ killed, code, stderr });
    });
  });
}

/** Runs a command inside a lab node (its own shell, not over SSH); rejects on a non-zero exit. */
export async function nodeExec(nodeContainer: string, script: string): Promise<string> {
  const { stdout } = await run('docker', ['exec', nodeContainer, 'sh', '-c', script], { maxBuffer: 64 << 20 });
  return stdout;
}

/** Bytes of a file inside a lab node. */
export async function nodeFile(nodeContainer: string, path: string): Promise<Buffer> {
  const { stdout } = await run('docker', ['exec', nodeContainer, 'cat', path], { maxBuffer: 256 << 20, encoding: 'buffer' });
  return stdout;
}

export interface S3Server {
  /** host:port as the nodes reach it (the lab network's gateway). */
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  /** PEM of the CA that signed the server certificate (a custom CA, as with --s3-endpoint-ca). */
  caPem: string;
  caFile: string;
  /** Object keys in the bucket (listed over the S3 API). */
  keys(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * The lab's S3 server (lab/images/s3: gofakes3), built if needed and started as a process on the
 * lab gateway with TLS from a CA generated here, so the nodes' rke-tools containers upload to it.
 */
export async function startS3Server(opts: { gateway: string; port: number; bucket: string }): Promise<S3Server> {
  const { spawn } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const https = await import('node:https');
  const { stdout: built } = await run('lab/images/s3/build.sh', [], { maxBuffer: 1 << 20 });
  const binary = built.trim().split('\n').pop()!;
  const dir = mkdtempSync(join(tmpdir(), 'rke-e2e-s3-'));
  const ssl = (args: string[]) => run('openssl', args, { cwd: dir });
  await ssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=rke-ts e2e S3 CA']);
  await ssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'server.csr', '-subj', '/CN=rke-ts-e2e-s3']);
  writeFileSync(join(dir, 'ext'), `subjectAltName=IP:${opts.gateway}\n`);
  await ssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', 'cert.pem', '-days', '2', '-extfile', 'ext']);
  const accessKey = 'rke-ts-e2e';
  const secretKey = 'rke-ts-e2e-secret';
  const endpoint = `${opts.gateway}:${opts.port}`;
  const child = spawn(binary, ['-addr', endpoint, '-cert', join(dir, 'cert.pem'), '-key', join(dir, 'key.pem'), '-access-key', accessKey, '-bucket', opts.bucket], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  const get = (path: string) =>
    new Promise<{ status: number; body: string }>((resolvePromise, reject) => {
      const req = https.request(
        { host: opts.gateway, port: opts.port, path, ca: caPem, headers: { Authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/20260101/us-east-1/s3/aws4_request` } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  for (let i = 0; ; i++) {
    try {
      if ((await get(`/${opts.bucket}/`)).status === 200) break;
    } catch {
      if (i > 50) throw new Error(`S3 server did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    endpoint,
    bucket: opts.bucket,
    accessKey,
    secretKey,
    caPem,
    caFile: join(dir, 'ca.pem'),
    keys: async () => {
      const { body } = await get(`/${opts.bucket}/?list-type=2`);
      return [...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!);
    },
    stop: async () => {
      child.kill();
    },
  };
}
