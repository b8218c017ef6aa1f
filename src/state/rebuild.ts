/**
 * RKE1 `RebuildState` (what `rke up --init` and the first step of `rke up` do): the new
 * desiredState from cluster.yml + certificates, currentState carried over unchanged.
 */
import { generateClusterCerts, type GenerateOptions } from '../pki/generate.js';
import { readCertsFromDir, validateBundleContent } from '../pki/cert-dir.js';
import { PkiError } from '../pki/errors.js';
import type { PkiInput } from '../pki/input.js';
import type { FullState, JsonObject } from './types.js';

export interface RebuildStateOptions extends GenerateOptions {
  /** RKE1 JSON of the (defaulted) cluster config, stored as desiredState.rkeConfig. */
  rkeConfig: JsonObject;
  /** --custom-certs: read the bundle from this dir instead of generating it. */
  customCertsDir?: string;
  /** secrets_encryption_config: keep the previous provider file, else make one. */
  encryption?: { enabled: boolean; generate: () => string | Promise<string> };
}

export async function rebuildState(input: PkiInput, previous: FullState | undefined, opts: RebuildStateOptions): Promise<FullState> {
  const old = previous ?? { desiredState: {}, currentState: {} };
  const next: FullState = { desiredState: { rkeConfig: opts.rkeConfig }, currentState: old.currentState };
  const fresh = !opts.customCertsDir && old.desiredState.certificatesBundle === undefined;
  if (opts.customCertsDir) {
    const dir = opts.customCertsDir;
    try {
      const bundle = await readCertsFromDir(dir);
      next.desiredState.certificatesBundle = validateBundleContent(input, bundle, opts);
    } catch (e) {
      const verb = e instanceof PkiError && /^failed to read/i.test(e.message) ? 'read' : 'validates';
      throw new PkiError(`[state] Failed to ${verb} certificates from dir [${dir}]: ${(e as Error).message}`, { file: dir }, { cause: e });
    }
  } else {
    try {
      next.desiredState.certificatesBundle = await generateClusterCerts(input, old.desiredState.certificatesBundle, opts);
    } catch (e) {
      if (!fresh) throw e;
      throw new PkiError(`[state] Failed to generate certificate bundle: ${(e as Error).message}`, {}, { cause: e });
    }
  }
  if (opts.encryption?.enabled) {
    const keep = fresh ? undefined : old.desiredState.encryptionConfig;
    next.desiredState.encryptionConfig = keep ?? (await opts.encryption.generate());
  }
  return next;
}
