/**
 * The FIPS preflight of a cluster command: reads what the pure check needs (cluster.yml with RKE1's
 * defaults, the SSH keys it names, the certificates in cluster.rkestate and a custom cert dir) and
 * throws one FipsError listing every violation. Runs before any host is dialed.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { ClusterConfig, CliConfigFlags } from '../config/index.js';
import { loadClusterConfig } from '../config/index.js';
import { expandHome, PASSPHRASE_ENV } from '../hosts/ssh-credentials.js';
import { readStateFileIfExists, stateFilePath, certificateDirPath } from '../state/index.js';
import { loadVersionTableAsync } from '../versions/index.js';
import { assertFipsCompliant, type CertificateUse, type SshKeyUse } from './check.js';
import { sshKeyFacts } from './ssh.js';

export interface ClusterFipsCheckOptions {
  configPath: string;
  flags?: CliConfigFlags;
  /** `--custom-certs`: the cert dir's files are checked too. */
  customCerts?: boolean;
  certDir?: string;
  env?: NodeJS.ProcessEnv;
}

interface KeySource {
  key: string;
  host: string;
  inline?: string;
  file?: string;
  agent: boolean;
}

/** Which key each node (and the bastion) would authenticate with, per RKE1's precedence. */
export function sshKeySources(config: ClusterConfig): KeySource[] {
  const out: KeySource[] = [];
  for (const [i, node] of (config.nodes ?? []).entries()) {
    const agent = node.ssh_agent_auth ?? config.ssh_agent_auth ?? false;
    const host = `${node.address ?? ''}:${node.port || '22'}`;
    if (node.ssh_key) out.push({ key: `nodes[${i}].ssh_key`, host, inline: node.ssh_key, agent });
    else if (node.ssh_key_path) out.push({ key: `nodes[${i}].ssh_key_path`, host, file: node.ssh_key_path, agent });
    else if (config.ssh_key_path) out.push({ key: 'ssh_key_path', host, file: config.ssh_key_path, agent });
  }
  const b = config.bastion_host;
  if (b?.address) {
    const host = `${b.address}:${b.port || '22'}`;
    const agent = config.ssh_agent_auth ?? b.ssh_agent_auth ?? false;
    if (b.ssh_key) out.push({ key: 'bastion_host.ssh_key', host, inline: b.ssh_key, agent });
    else if (b.ssh_key_path) out.push({ key: 'bastion_host.ssh_key_path', host, file: b.ssh_key_path, agent });
  }
  return out;
}

async function readSshKeys(config: ClusterConfig, env: NodeJS.ProcessEnv): Promise<SshKeyUse[]> {
  const out: SshKeyUse[] = [];
  const parsedByText = new Map<string, ReturnType<typeof ssh2.utils.parseKey>>();
  for (const src of sshKeySources(config)) {
    // With ssh-agent auth and a socket, keys are not read: the agent's identities are filtered when dialing.
    if (src.agent && env.SSH_AUTH_SOCK) continue;
    const label = src.file ?? `inline ssh_key of ${src.host}`;
    let text = src.inline;
    if (text === undefined && src.file) text = await readFile(expandHome(src.file, env), 'utf8').catch(() => undefined);
    if (text === undefined) {
      out.push({ key: src.key, host: src.host, label });
      continue;
    }
    let parsed = parsedByText.get(text);
    if (!parsed) {
      parsed = ssh2.utils.parseKey(text, env[PASSPHRASE_ENV] || undefined);
      parsedByText.set(text, parsed);
    }
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    // Unreadable here (encrypted without a passphrase in the environment): checked again when dialing.
    out.push(key && !(key instanceof Error) ? { key: src.key, host: src.host, label, facts: sshKeyFacts(key) } : { key: src.key, host: src.host, label });
  }
  return out;
}

async function stateCertificates(configPath: string): Promise<CertificateUse[]> {
  const file = stateFilePath(configPath);
  const state = await readStateFileIfExists(file);
  const bundle = state?.desiredState.certificatesBundle ?? {};
  return Object.entries(bundle).map(([name, c]) => ({
    name,
    file,
    ...(c.certificatePEM ? { certificatePEM: c.certificatePEM } : {}),
    ...(c.keyPEM ? { keyPEM: c.keyPEM } : {}),
  }));
}

async function certDirCertificates(dir: string): Promise<CertificateUse[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.pem')).sort();
  const out: CertificateUse[] = [];
  for (const n of names) {
    const file = path.join(dir, n);
    const text = await readFile(file, 'utf8');
    const name = n.replace(/(-key)?\.pem$/, '');
    if (text.includes('PRIVATE KEY-----')) out.push({ name, file, keyPEM: text });
    else if (text.includes('CERTIFICATE-----')) out.push({ name, file, certificatePEM: text });
  }
  return out;
}

/** Throws a FipsError naming every non-approved setting, key or certificate of this cluster. */
export async function checkClusterFips(opts: ClusterFipsCheckOptions): Promise<void> {
  const env = opts.env ?? process.env;
  const table = await loadVersionTableAsync();
  const { config } = await loadClusterConfig(opts.configPath, { table, ...(opts.flags ? { flags: opts.flags } : {}) });
  const certDir = opts.customCerts ? opts.certDir || certificateDirPath(opts.configPath) : undefined;
  assertFipsCompliant({
    config,
    configFile: opts.configPath,
    sshKeys: await readSshKeys(config, env),
    certificates: [...(await stateCertificates(opts.configPath)), ...(certDir ? await certDirCertificates(certDir) : [])],
  });
}
