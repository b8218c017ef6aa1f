/**
 * User addons: the inline `addons` manifest and `addons_include` (cluster/addons.go
 * deployAddonsInclude). Reading files and fetching URLs is the deploy layer's job; this module
 * classifies the entries and joins what was read.
 */
import { parseAllDocuments } from 'yaml';
import { RkeError } from '../errors.js';

export interface IncludedAddon {
  /** The addons_include entry (path or URL). */
  source: string;
  /** Its content, as read or fetched. */
  text: string;
}

/** RKE1 treats every entry starting with `http` as a URL, else a path if it exists, else skips it. */
export function isAddonUrl(entry: string): boolean {
  return entry.startsWith('http');
}

/** RKE1's formatAddonYAML: make sure the text starts with `---` and ends with a newline. */
export function formatAddonYaml(text: string): string {
  let out = text;
  if (!out.startsWith('---')) out = `---\n${out}`;
  if (!out.endsWith('\n')) out = `${out}\n`;
  return out;
}

/**
 * RKE1 unmarshals each included file into a map (yaml.v2 reads the first document only): the file
 * must parse and its first document must be a mapping (or empty).
 */
export function validateIncludedAddon(addon: IncludedAddon): void {
  const docs = parseAllDocuments(addon.text, { version: '1.1' });
  const all = Array.isArray(docs) ? docs : [];
  const error = all.flatMap((d) => d.errors)[0];
  if (error) throw new RkeError(`addons_include ${addon.source}: ${error.message}`, { key: 'addons_include', file: addon.source });
  const value: unknown = all[0]?.toJS();
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
    throw new RkeError(`addons_include ${addon.source}: the first document is not a mapping`, { key: 'addons_include', file: addon.source });
  }
}

/** The rke-user-includes-addons manifest: every included file, formatted and concatenated in order. */
export function includedAddonsManifest(addons: readonly IncludedAddon[]): string {
  return addons.map((addon) => formatAddonYaml(addon.text)).join('');
}
