/**
 * RKE1's health checks (services/healthcheck.go): an HTTP(S) GET run from the workstation through
 * the node's SSH connection to `localhost:<port>` on the node, with a client certificate where the
 * component requires one. Retried; a failure reports the container's last log lines.
 */
import https from 'node:https';
import http from 'node:http';
import tls from 'node:tls';
import type { HealthCheckSpec } from '../desired/index.js';
import { HostError } from '../errors.js';
import type { HostConnection } from '../hosts/connection-pool.js';
import type { CertificateBundle } from '../pki/index.js';
import { asSocket } from '../hosts/ssh-http-agent.js';

export interface HealthOptions {
  attempts: number;
  intervalMs: number;
  requestTimeoutMs: number;
}

export const DEFAULT_HEALTH: HealthOptions = { attempts: 24, intervalMs: 5_000, requestTimeoutMs: 5_000 };

async function getOnce(conn: HostConnection, check: HealthCheckSpec, bundle: CertificateBundle, timeoutMs: number): Promise<string> {
  const url = new URL(check.url);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const stream = await conn.forwardTcp(url.hostname === 'localhost' ? '127.0.0.1' : url.hostname, port);
  const cert = check.clientCert ? bundle[check.clientCert] : undefined;
  const options: https.RequestOptions = {
    method: 'GET',
    host: url.hostname,
    port,
    path: `${url.pathname}${url.search}`,
    timeout: timeoutMs,
    // The SSH channel is the transport; for https the TLS session runs on top of it here.
    createConnection: () =>
      (url.protocol === 'https:'
        ? tls.connect({ socket: asSocket(stream), rejectUnauthorized: false, ...(cert ? { cert: cert.certificatePEM, key: cert.keyPEM } : {}) })
        : asSocket(stream)) as never,
  };
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(options, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () => {
        stream.destroy();
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${body.trim().slice(0, 200)}`));
        else resolve(body);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (e) => {
      stream.destroy();
      reject(e);
    });
    req.end();
  });
}

function healthy(check: HealthCheckSpec, body: string): boolean {
  if (!check.expectJsonHealth) return true;
  try {
    const parsed = JSON.parse(body) as { health?: string | boolean };
    return parsed.health === 'true' || parsed.health === true;
  } catch {
    return false;
  }
}

/** Waits until the container answers its health check; throws naming host, container and last error. */
export async function waitHealthy(
  conn: HostConnection,
  container: string,
  check: HealthCheckSpec,
  bundle: CertificateBundle,
  opts: HealthOptions = DEFAULT_HEALTH,
): Promise<void> {
  let last = '';
  for (let attempt = 1; attempt <= opts.attempts; attempt++) {
    try {
      const body = await getOnce(conn, check, bundle, opts.requestTimeoutMs);
      if (healthy(check, body)) return;
      last = `unhealthy answer: ${body.trim().slice(0, 200)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (attempt < opts.attempts) await new Promise((r) => setTimeout(r, opts.intervalMs));
  }
  const logs = await conn.docker.containerLogs(container, { tail: 5 }).catch(() => ({ stdout: '', stderr: '' }));
  const tail = `${logs.stdout}${logs.stderr}`.trim().split('\n').slice(-3).join(' | ');
  throw new HostError(
    `Failed to verify healthcheck: Failed to check ${check.url} for service [${container}] on host [${conn.address}]: ${last}${tail ? `, log: ${tail}` : ''}`,
    { host: conn.address },
  );
}
