/**
 * cluster.rkestate text ⇄ FullState. Writing reproduces Go's `json.MarshalIndent(s, "", "  ")`
 * (struct field order, sorted map keys, omitempty, HTML-safe escapes) so a file we write is what
 * RKE1 would write. Reading is strict: anything RKE1 would silently drop or misread (and then
 * answer with a brand-new CA) is an error naming the file and the place.
 */
import { CERTIFICATE_PKI_FIELDS, type CertificateBundle, type CertificatePki } from '../pki/bundle.js';
import { certificateDersFromPem, privateKeyFromPem } from '../pki/pem.js';
import { inspectCertificateDer } from '../pki/x509/inspect.js';
import { StateFileError } from '../errors.js';
import type { ClusterState, FullState, JsonObject } from './types.js';

// ---------------------------------------------------------------------------------------------
// write

function orderedBundle(bundle: CertificateBundle): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const name of Object.keys(bundle).sort()) {
    const entry = bundle[name]!;
    const ordered: Record<string, string> = {};
    for (const f of CERTIFICATE_PKI_FIELDS) ordered[f] = entry[f] ?? '';
    out[name] = ordered;
  }
  return out;
}

/** Go encoding/json sorts map keys; RKE1's rkeConfig maps (labels, extra_args...) are Go maps. */
function orderedState(s: ClusterState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.rkeConfig !== undefined && s.rkeConfig !== null) out.rkeConfig = s.rkeConfig;
  if (s.certificatesBundle && Object.keys(s.certificatesBundle).length > 0) out.certificatesBundle = orderedBundle(s.certificatesBundle);
  if (s.encryptionConfig) out.encryptionConfig = s.encryptionConfig;
  return out;
}

/** Go escapes these even with indentation; JSON.stringify does not. */
function goHtmlEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function serializeState(state: FullState): string {
  const doc = { desiredState: orderedState(state.desiredState), currentState: orderedState(state.currentState) };
  return goHtmlEscape(JSON.stringify(doc, null, 2));
}

// ---------------------------------------------------------------------------------------------
// read

function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(file: string, message: string, cause?: unknown): never {
  throw new StateFileError(`[state] ${file}: ${message}`, { file }, cause === undefined ? undefined : { cause });
}

function parseEntry(file: string, where: string, name: string, raw: unknown): CertificatePki {
  if (!isObject(raw)) fail(file, `${where}.certificatesBundle["${name}"] must be an object`);
  const entry = {} as CertificatePki;
  for (const f of CERTIFICATE_PKI_FIELDS) {
    const v = raw[f];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      fail(file, `${where}.certificatesBundle["${name}"].${f} must be a string, got ${Array.isArray(v) ? 'array' : typeof v}`);
    }
    entry[f] = typeof v === 'string' ? v : '';
  }
  if (entry.certificatePEM !== '') {
    try {
      inspectCertificateDer(certificateDersFromPem(entry.certificatePEM)[0]!);
    } catch (e) {
      fail(file, `certificate "${name}" in ${where} is corrupt (certificatePEM: ${(e as Error).message})`, e);
    }
  }
  if (entry.keyPEM !== '') {
    try {
      privateKeyFromPem(entry.keyPEM);
    } catch (e) {
      fail(file, `certificate "${name}" in ${where} is corrupt (keyPEM: ${(e as Error).message})`, e);
    }
  }
  return entry;
}

function parseClusterState(file: string, where: string, raw: unknown): ClusterState {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) fail(file, `${where} must be an object`);
  const state: ClusterState = {};
  const cfg = raw.rkeConfig;
  if (cfg !== undefined && cfg !== null) {
    if (!isObject(cfg)) fail(file, `${where}.rkeConfig must be an object`);
    state.rkeConfig = cfg as JsonObject;
  }
  const bundle = raw.certificatesBundle;
  if (bundle !== undefined && bundle !== null) {
    if (!isObject(bundle)) fail(file, `${where}.certificatesBundle must be an object`);
    const out: CertificateBundle = {};
    for (const [name, entry] of Object.entries(bundle)) out[name] = parseEntry(file, where, name, entry);
    if (Object.keys(out).length > 0) state.certificatesBundle = out;
  }
  const enc = raw.encryptionConfig;
  if (enc !== undefined && enc !== null) {
    if (typeof enc !== 'string') fail(file, `${where}.encryptionConfig must be a string`);
    if (enc !== '') state.encryptionConfig = enc;
  }
  return state;
}

/** Parse state file text; `file` is only used in error messages. */
export function parseState(text: string, file: string): FullState {
  if (text.trim() === '') fail(file, 'state file is empty (truncated write?); restore it from a backup or with `rke util get-state-file`');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const pos = m ? Number(m[1]) : /end of JSON input/.test(msg) ? text.length : -1;
    if (pos < 0) fail(file, `invalid JSON: ${msg}`, e);
    const { line, column } = lineColumn(text, pos);
    throw new StateFileError(`[state] ${file}:${line}:${column}: invalid JSON (${msg}); the file is corrupt or truncated`, { file, line }, { cause: e });
  }
  if (!isObject(doc)) fail(file, 'not an RKE state file: top level must be a JSON object');
  if (Object.keys(doc).length > 0 && !('desiredState' in doc) && !('currentState' in doc)) {
    fail(file, 'not an RKE state file: it has neither desiredState nor currentState');
  }
  return {
    desiredState: parseClusterState(file, 'desiredState', doc.desiredState),
    currentState: parseClusterState(file, 'currentState', doc.currentState),
  };
}
