/**
 * Everything in a cluster's configuration that FIPS mode refuses, each with the cluster.yml key,
 * host or file it concerns. Pure: SSH keys and certificates come in already read.
 */
import type { ClusterConfig } from '../config/index.js';
import type { ErrorSubject } from '../errors.js';
import { ConfigError } from '../errors.js';
import { certificateProblems, privateKeyPemProblem } from './certificates.js';
import { FIPS_ENCRYPTION_PROVIDERS, FIPS_TLS_MIN_VERSIONS, sshKeyProblem, unapprovedTlsSuites, type SshKeyFacts } from './policy.js';

export interface FipsViolation {
  message: string;
  subject: ErrorSubject;
}

/** An SSH key a host would authenticate with, as read from cluster.yml (inline or file). */
export interface SshKeyUse {
  /** cluster.yml key that names it, e.g. `nodes[2].ssh_key_path`. */
  key: string;
  host: string;
  /** File path, or "inline ssh_key of <host>". */
  label: string;
  /** Parsed type/size; undefined when the key could not be read here (it is checked again when dialing). */
  facts?: SshKeyFacts;
}

/** A certificate (and key) rke-ts would deploy: from the state file or a custom cert dir. */
export interface CertificateUse {
  name: string;
  certificatePEM?: string;
  keyPEM?: string;
  /** Where it came from (state file or cert dir file), for messages. */
  file: string;
}

export interface FipsCheckInput {
  config: ClusterConfig;
  sshKeys?: readonly SshKeyUse[];
  certificates?: readonly CertificateUse[];
  /** cluster.yml path, for messages. */
  configFile?: string;
}

/** Service sections and the flag each uses for TLS cipher suites. */
const TLS_FLAGS: ReadonlyArray<{ service: keyof NonNullable<ClusterConfig['services']>; flag: string }> = [
  { service: 'kube-api', flag: 'tls-cipher-suites' },
  { service: 'kubelet', flag: 'tls-cipher-suites' },
  { service: 'kube-controller', flag: 'tls-cipher-suites' },
  { service: 'scheduler', flag: 'tls-cipher-suites' },
  { service: 'kubeproxy', flag: 'tls-cipher-suites' },
  { service: 'etcd', flag: 'cipher-suites' },
];

function serviceFlagValues(config: ClusterConfig, service: string, flag: string): Array<{ key: string; value: string }> {
  const svc = (config.services as Record<string, { extra_args?: Record<string, unknown>; extra_args_array?: Record<string, unknown[]> }> | undefined)?.[service];
  const out: Array<{ key: string; value: string }> = [];
  const single = svc?.extra_args?.[flag];
  if (single !== undefined) out.push({ key: `services.${service}.extra_args.${flag}`, value: String(single) });
  for (const [i, v] of (svc?.extra_args_array?.[flag] ?? []).entries()) {
    out.push({ key: `services.${service}.extra_args_array.${flag}[${i}]`, value: String(v) });
  }
  return out;
}

function tlsViolations(config: ClusterConfig, file: ErrorSubject): FipsViolation[] {
  const out: FipsViolation[] = [];
  for (const { service, flag } of TLS_FLAGS) {
    for (const { key, value } of serviceFlagValues(config, service, flag)) {
      const bad = unapprovedTlsSuites(value);
      if (bad.length > 0) {
        out.push({ message: `${key}: cipher suite(s) ${bad.join(', ')} are not FIPS-approved (allowed: ECDHE with AES-GCM)`, subject: { ...file, key } });
      }
    }
    for (const { key, value } of serviceFlagValues(config, service, 'tls-min-version')) {
      if (!FIPS_TLS_MIN_VERSIONS.has(value.trim())) {
        out.push({ message: `${key}: ${value} is below TLS 1.2, which FIPS mode requires (use VersionTLS12 or VersionTLS13)`, subject: { ...file, key } });
      }
    }
  }
  return out;
}

function encryptionViolations(config: ClusterConfig, file: ErrorSubject): FipsViolation[] {
  const sec = config.services?.['kube-api']?.secrets_encryption_config;
  const custom = sec?.enabled ? (sec.custom_config as { resources?: Array<{ providers?: Array<Record<string, unknown>> }> } | undefined) : undefined;
  const out: FipsViolation[] = [];
  for (const [r, resource] of (custom?.resources ?? []).entries()) {
    for (const [p, provider] of (resource.providers ?? []).entries()) {
      for (const name of Object.keys(provider)) {
        if (FIPS_ENCRYPTION_PROVIDERS.has(name)) continue;
        const key = `services.kube-api.secrets_encryption_config.custom_config.resources[${r}].providers[${p}].${name}`;
        out.push({ message: `${key}: encryption provider ${name} is not FIPS-approved (use aescbc or aesgcm)`, subject: { ...file, key } });
      }
    }
  }
  return out;
}

function sshViolations(keys: readonly SshKeyUse[]): FipsViolation[] {
  const out: FipsViolation[] = [];
  for (const k of keys) {
    const problem = k.facts && sshKeyProblem(k.facts);
    if (problem) {
      out.push({ message: `${k.key}: SSH key [${k.label}] for host [${k.host}]: ${problem}`, subject: { key: k.key, host: k.host, file: k.label } });
    }
  }
  return out;
}

function certificateViolations(certs: readonly CertificateUse[]): FipsViolation[] {
  const out: FipsViolation[] = [];
  for (const c of certs) {
    const problems = [...(c.certificatePEM ? certificateProblems(c.certificatePEM) : [])];
    const keyProblem = c.keyPEM ? privateKeyPemProblem(c.keyPEM) : undefined;
    if (keyProblem && !problems.includes(keyProblem)) problems.push(`private key: ${keyProblem}`);
    for (const p of problems) out.push({ message: `certificate ${c.name} [${c.file}]: ${p}`, subject: { file: c.file, key: c.name } });
  }
  return out;
}

/** Every FIPS violation, in the order: TLS flags, encryption providers, SSH keys, certificates. */
export function fipsViolations(input: FipsCheckInput): FipsViolation[] {
  const file: ErrorSubject = input.configFile ? { file: input.configFile } : {};
  return [
    ...tlsViolations(input.config, file),
    ...encryptionViolations(input.config, file),
    ...sshViolations(input.sshKeys ?? []),
    ...certificateViolations(input.certificates ?? []),
  ];
}

/** FIPS mode found settings it cannot accept; `violations` lists each with what it concerns. */
export class FipsError extends ConfigError {
  constructor(readonly violations: readonly FipsViolation[]) {
    const first = violations[0];
    super(
      violations.length === 1
        ? `FIPS mode: ${first!.message}`
        : `FIPS mode: ${violations.length} settings are not FIPS-approved:\n${violations.map((v) => `  - ${v.message}`).join('\n')}`,
      first?.subject ?? {},
    );
  }
}

export function assertFipsCompliant(input: FipsCheckInput): void {
  const violations = fipsViolations(input);
  if (violations.length > 0) throw new FipsError(violations);
}
