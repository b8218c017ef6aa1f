/**
 * Flag-map and list helpers with RKE1's exact semantics (cluster/plan.go appendArgs,
 * getUniqStringList; util.RemoveZFromBinds; Go path.Join).
 */
import { posix } from 'node:path';

export type FlagMap = Map<string, string>;
export type ArrayFlagMap = Map<string, string[]>;

/** Go `path.Join`: joins non-empty elements and cleans the result (no trailing slash). */
export function goPathJoin(...elems: string[]): string {
  const parts = elems.filter((e) => e !== '');
  if (parts.length === 0) return '';
  const cleaned = posix.normalize(parts.join('/'));
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

/** KDM service options: a value of "" deletes the flag, anything else sets it. */
export function applyServiceOptions(args: FlagMap, options: Record<string, string> | undefined): void {
  if (!options) return;
  for (const [k, v] of Object.entries(options)) {
    if (v.length === 0) args.delete(k);
    else args.set(k, v);
  }
}

/** `extra_args` always win; they are applied last (except kubelet's nodelocal DNS override). */
export function applyExtraArgs(args: FlagMap, extra: Record<string, string> | undefined): void {
  if (!extra) return;
  for (const [k, v] of Object.entries(extra)) args.set(k, String(v));
}

export function arrayArgsFrom(extra: Record<string, string[]> | undefined): ArrayFlagMap {
  const out: ArrayFlagMap = new Map();
  if (!extra) return out;
  for (const [k, v] of Object.entries(extra)) out.set(k, (v ?? []).map(String));
  return out;
}

/**
 * `--key=value` strings. RKE1 iterates Go maps (random order); order is irrelevant to its
 * comparison, so flags are emitted sorted by name for stable plans and goldens.
 */
export function renderArgs(args: FlagMap): string[] {
  return [...args.keys()].sort().map((k) => `--${k}=${args.get(k) ?? ''}`);
}

export function renderArrayArgs(args: ArrayFlagMap): string[] {
  const out: string[] = [];
  for (const k of [...args.keys()].sort()) {
    for (const v of args.get(k) ?? []) out.push(`--${k}=${v}`);
  }
  return out;
}

/** RKE1 getUniqStringList: trim, drop empties, keep the first occurrence. */
export function uniqStrings(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list) {
    const s = raw.trim();
    if (s === '' || seen.has(s)) continue;
    seen.add(s);
    out.push(s);
  }
  return out;
}

/**
 * RKE1 util.RemoveZFromBinds (K8s >= 1.22): drop `z`/`Z` from the options after the last `:`.
 * Quirk kept: a bind ending in `:` (empty options) is dropped entirely.
 */
export function removeZFromBinds(binds: readonly string[]): string[] {
  const out: string[] = [];
  for (const bind of binds) {
    const last = bind.lastIndexOf(':');
    if (last < 0) {
      out.push(bind);
      continue;
    }
    const options = bind.slice(last + 1);
    if (options === '') continue;
    const kept = options.split(',').filter((o) => o.toLowerCase() !== 'z');
    const head = bind.slice(0, last);
    out.push(kept.length > 0 ? `${head}:${kept.join(',')}` : head);
  }
  return out;
}
