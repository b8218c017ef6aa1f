/**
 * Certificate expiry on every `rke up` / `rke plan` (an rke-ts extension; RKE1 neither warns nor
 * rotates on its own): a warning with the days left for each certificate expiring soon, and the
 * expiring ones rotated into the desired state, so that the run's plan redeploys them and restarts
 * what reads them — the same path as `rke cert rotate`.
 *
 * Configured by a top-level cluster.yml key that RKE1's parser ignores (unknown keys are dropped):
 *
 *   certificate_expiry:
 *     warn_within_days: 90     # warn about certificates expiring within this many days (default 90)
 *     rotate_within_days: 30   # rotate certificates expiring within this many days (default 30; 0 = never)
 *
 * An expiring CA is only warned about: rotating it re-issues everything and needs the system pods
 * restarted, which is `rke cert rotate --rotate-ca`'s job.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { rotateClusterCerts, type PkiInput } from '../pki/index.js';
import { certificateExpiries, decideExpiryRotation, validateRotateServices, type ExpiryDecision } from '../pki/rotate.js';
import type { FullState } from '../state/index.js';

export const CERTIFICATE_EXPIRY_KEY = 'certificate_expiry';

export interface CertificateExpirySettings {
  warnWithinDays: number;
  rotateWithinDays: number;
}

export const DEFAULT_CERTIFICATE_EXPIRY: CertificateExpirySettings = { warnWithinDays: 90, rotateWithinDays: 30 };

function days(value: unknown, key: string, file: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigError(`${CERTIFICATE_EXPIRY_KEY}.${key} must be a whole number of days (0 or more), got [${String(value)}]`, {
      file,
      key: `${CERTIFICATE_EXPIRY_KEY}.${key}`,
    });
  }
  return value;
}

/** The extension key from cluster.yml text (pure). */
export function certificateExpirySettings(clusterYml: string, file = 'cluster.yml'): CertificateExpirySettings {
  let doc: unknown;
  try {
    doc = parse(clusterYml);
  } catch {
    return DEFAULT_CERTIFICATE_EXPIRY; // the config loader reports syntax errors
  }
  const section = (doc as Record<string, unknown> | null)?.[CERTIFICATE_EXPIRY_KEY];
  if (section === undefined || section === null) return DEFAULT_CERTIFICATE_EXPIRY;
  if (typeof section !== 'object' || Array.isArray(section)) {
    throw new ConfigError(`${CERTIFICATE_EXPIRY_KEY} must be a map`, { file, key: CERTIFICATE_EXPIRY_KEY });
  }
  const s = section as Record<string, unknown>;
  return {
    warnWithinDays: days(s.warn_within_days, 'warn_within_days', file, DEFAULT_CERTIFICATE_EXPIRY.warnWithinDays),
    rotateWithinDays: days(s.rotate_within_days, 'rotate_within_days', file, DEFAULT_CERTIFICATE_EXPIRY.rotateWithinDays),
  };
}

export interface ExpiryPolicyInput {
  configPath: string;
  pki: PkiInput;
  /** The rebuilt state; its desired bundle is replaced when certificates are rotated. */
  state: FullState;
  customCerts: boolean;
  log: Logger;
  now?: Date;
}

/** Warns about expiring certificates and rotates them into `input.state` when policy says so. */
export async function applyCertificateExpiryPolicy(input: ExpiryPolicyInput): Promise<ExpiryDecision> {
  const settings = certificateExpirySettings(await readFile(input.configPath, 'utf8'), input.configPath);
  const bundle = input.state.desiredState.certificatesBundle ?? {};
  const now = input.now ?? new Date();
  const expiries = certificateExpiries(bundle, now);
  for (const e of expiries) {
    if (e.daysLeft >= settings.warnWithinDays) break;
    const when = e.daysLeft < 0 ? `expired ${-e.daysLeft} day(s) ago` : `expires in ${e.daysLeft} day(s)`;
    input.log.warn(`[certificates] Certificate [${e.name}] ${when} (not after ${e.notAfter.toISOString()})`);
  }
  if (expiries[0]) input.log.debug(`[certificates] Soonest certificate expiry: [${expiries[0].name}] in ${expiries[0].daysLeft} day(s)`);
  const decision = decideExpiryRotation(expiries, {
    rotateWithinDays: settings.rotateWithinDays,
    allowCaRotation: false,
    customCerts: input.customCerts,
  });
  for (const b of decision.blocked) input.log.warn(`[certificates] Not rotating [${b.name}]: ${b.reason}`);
  if (decision.rotate) {
    const what = decision.rotate.services?.length ? `services ${decision.rotate.services.join(', ')}` : 'all service certificates';
    input.log.warn(`[certificates] Rotating ${what}: certificates expire within ${settings.rotateWithinDays} day(s) (${CERTIFICATE_EXPIRY_KEY}.rotate_within_days)`);
    input.state.desiredState.certificatesBundle = await rotateClusterCerts(input.pki, bundle, {
      services: validateRotateServices(decision.rotate.services ?? []),
      clusterFilePath: input.configPath,
      log: input.log,
    });
  }
  return decision;
}
