/**
 * /etc/kubernetes/ssl/encryption.yaml (secrets encryption). Its content lives in the cluster state
 * (random keys), so the desired-state builder takes it as input; these renderers reproduce RKE1's
 * templates (templates/encryption_provider.go) for the code that creates or rotates keys.
 */
import { marshalYamlV2, type JsonValue } from '../../gotemplate/goyaml.js';

export const ENCRYPTION_PROVIDER_PATH = '/etc/kubernetes/ssl/encryption.yaml';

export interface EncryptionKey {
  name: string;
  secret: string;
}

/** Keys first (newest first), identity last: RKE1's MultiKeyEncryptionProviderFile. */
export function encryptionConfigWithKeys(keys: readonly EncryptionKey[]): string {
  const keyLines = keys.map((k) => `\n      - name: ${k.name}\n        secret: ${k.secret}`).join('');
  return (
    'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources:\n  - secrets\n' +
    `  providers:\n  - aescbc:\n      keys:${keyLines}\n  - identity: {}`
  );
}

/** identity first, then the key: RKE1's DisabledEncryptionProviderFile (used while turning encryption off/on). */
export function encryptionConfigIdentityFirst(key: EncryptionKey): string {
  return (
    'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources:\n  - secrets\n' +
    `  providers:\n  - identity: {}\n  - aescbc:\n      keys:\n      - name: ${key.name}\n        secret: ${key.secret}`
  );
}

// ---------------------------------------------------------------------------------------------
// custom_config: RKE1 decodes it into apiserver/v1 EncryptionConfiguration (json.Unmarshal, so
// unknown keys vanish and keys match case-insensitively), marshals it back (sigs.k8s.io/yaml:
// keys sorted) and prepends its own apiVersion/kind lines (CustomEncryptionProviderFile). A
// custom_config that carries apiVersion/kind therefore has them twice in the file; the apiserver
// accepts that and RKE1 deploys it so, so we reproduce it byte for byte.

type Json = JsonValue;
type JsonMap = { [key: string]: Json };

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's json.Unmarshal field lookup: exact or case-insensitive key, the last one in the document wins. */
function goField(obj: JsonMap, name: string): Json | undefined {
  let found: Json | undefined;
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === name.toLowerCase()) found = v;
  return found;
}

const goString = (v: Json | undefined): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

function goStringList(v: Json | undefined): Json {
  return Array.isArray(v) ? v.map((x) => goString(x)) : null;
}

function goKeys(v: Json | undefined): Json {
  if (!Array.isArray(v)) return null;
  return v.map((k) => (isMap(k) ? { name: goString(goField(k, 'name')), secret: goString(goField(k, 'secret')) } : { name: '', secret: '' }));
}

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration → nanoseconds (the forms people write: `3s`, `1m30s`, `500ms`). */
function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!m) return undefined;
  let total = 0;
  for (const part of text.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (DURATION_UNITS[part[2] as string] as number);
  }
  return m[1] === '-' ? -total : total;
}

/** time.Duration.String. */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let n = Math.round(Math.abs(ns));
  if (n < 1e9) {
    const [unit, size] = n < 1e3 ? ['ns', 1] : n < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    return `${sign}${trimFraction(n / size)}${unit}`;
  }
  const h = Math.floor(n / 3600e9);
  n -= h * 3600e9;
  const min = Math.floor(n / 60e9);
  n -= min * 60e9;
  const s = `${trimFraction(n / 1e9)}s`;
  if (h > 0) return `${sign}${h}h${min}m${s}`;
  if (min > 0) return `${sign}${min}m${s}`;
  return `${sign}${s}`;
}

const trimFraction = (x: number): string => String(Number(x.toFixed(9)));

function goProvider(p: Json): Json {
  if (!isMap(p)) return {};
  const out: JsonMap = {};
  for (const name of ['aesgcm', 'aescbc', 'secretbox'] as const) {
    const v = goField(p, name);
    if (isMap(v)) out[name] = { keys: goKeys(goField(v, 'keys')) };
  }
  if (isMap(goField(p, 'identity'))) out.identity = {};
  const kms = goField(p, 'kms');
  if (isMap(kms)) {
    const entry: JsonMap = { apiVersion: goString(goField(kms, 'apiVersion')), name: goString(goField(kms, 'name')), endpoint: goString(goField(kms, 'endpoint')) };
    const cache = goField(kms, 'cachesize');
    if (typeof cache === 'number') entry.cachesize = Math.trunc(cache);
    const timeout = goField(kms, 'timeout');
    const ns = typeof timeout === 'string' ? parseGoDuration(timeout) : undefined;
    if (ns !== undefined) entry.timeout = formatGoDuration(ns);
    out.kms = entry;
  }
  return out;
}

/** apiserver/v1 EncryptionConfiguration as Go's json.Marshal leaves it after json.Unmarshal. */
export function goEncryptionConfiguration(custom: unknown): JsonMap {
  const src = isMap(custom) ? custom : {};
  const out: JsonMap = {};
  const kind = goString(goField(src, 'kind'));
  const apiVersion = goString(goField(src, 'apiVersion'));
  if (kind !== '') out.kind = kind;
  if (apiVersion !== '') out.apiVersion = apiVersion;
  const resources = goField(src, 'resources');
  out.resources = Array.isArray(resources)
    ? resources.map((r) => {
        const m = isMap(r) ? r : {};
        const providers = goField(m, 'providers');
        return { resources: goStringList(goField(m, 'resources')), providers: Array.isArray(providers) ? providers.map(goProvider) : null };
      })
    : null;
  return out;
}

/** RKE1 readEncryptionCustomConfig: the file deployed for `secrets_encryption_config.custom_config`. */
export function encryptionConfigFromCustom(custom: unknown): string {
  return `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n${marshalYamlV2(goEncryptionConfiguration(custom))}\n`;
}
