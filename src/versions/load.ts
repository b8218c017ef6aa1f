/**
 * Where the version table comes from: the built-in KDM extract (plus rke-ts's own extension
 * versions), or, as in RKE1, a data.json named by RANCHER_METADATA_URL (a local path, or an
 * http(s) URL fetched with a 30 s timeout) that replaces the built-in data entirely.
 */
import { readFileSync } from 'node:fs';
import builtinData from './data/rke-v1.8.json' with { type: 'json' };
import extensionData from './data/rke-ts-extensions.json' with { type: 'json' };
import { RkeError } from '../errors.js';
import { KdmFormatError, parseKdmData, type KdmData } from './kdm.js';
import { buildVersionTable, type VersionTable, type VersionTableSource } from './table.js';

export const RANCHER_METADATA_URL_ENV = 'RANCHER_METADATA_URL';
const FETCH_TIMEOUT_MS = 30_000;

/** data.json could not be read or has the wrong shape. Names the file or URL. */
export class MetadataError extends RkeError {}

export interface LoadVersionTableOptions {
  /** A data.json path or http(s) URL; defaults to $RANCHER_METADATA_URL, then the built-in data. */
  metadataFile?: string;
  /** Environment to read RANCHER_METADATA_URL from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** RKE version whose KDM bounds apply (default RKE_COMPAT_VERSION). */
  rkeVersion?: string;
}

/** RKE1 treats any location starting with `http` as a URL (metadata.readFile). */
export function isRemoteLocation(location: string): boolean {
  return location.startsWith('http');
}

function metadataLocation(opts: LoadVersionTableOptions): string | undefined {
  if (opts.metadataFile) return opts.metadataFile;
  const env = opts.env ?? process.env;
  const fromEnv = env[RANCHER_METADATA_URL_ENV];
  return fromEnv ? fromEnv : undefined;
}

function parseOrExplain(text: string, location: string): KdmData {
  try {
    return parseKdmData(text);
  } catch (err) {
    if (err instanceof KdmFormatError) {
      throw new MetadataError(`failed to load data.json, error: ${location}: ${err.message}`, { file: location }, { cause: err });
    }
    throw err;
  }
}

/** The embedded RKE 1.8 data with rke-ts's extension versions merged in. */
export function builtinKdmData(): { data: KdmData; extensionVersions: string[] } {
  const base = parseKdmData(builtinData);
  const ext = parseKdmData(extensionData);
  return {
    data: {
      systemImages: { ...base.systemImages, ...ext.systemImages },
      serviceOptions: { ...base.serviceOptions, ...ext.serviceOptions },
      templateRanges: Object.fromEntries(
        [...new Set([...Object.keys(base.templateRanges), ...Object.keys(ext.templateRanges)])].map((addon) => [
          addon,
          { ...base.templateRanges[addon], ...ext.templateRanges[addon] },
        ]),
      ),
      versionInfo: { ...base.versionInfo, ...ext.versionInfo },
      rkeDefaultVersions: base.rkeDefaultVersions,
      dockerInfo: { ...base.dockerInfo, ...ext.dockerInfo },
    },
    extensionVersions: Object.keys(ext.systemImages),
  };
}

function tableFrom(data: KdmData, source: VersionTableSource, opts: LoadVersionTableOptions, extensions: string[] = []): VersionTable {
  const table = buildVersionTable(data, source, opts.rkeVersion);
  for (const version of extensions) {
    const info = table.versions[version];
    if (info) info.extension = true;
  }
  return table;
}

function builtinTable(opts: LoadVersionTableOptions): VersionTable {
  const { data, extensionVersions } = builtinKdmData();
  return tableFrom(data, { kind: 'builtin', location: 'rke-ts built-in (KDM extract for RKE v1.8)' }, opts, extensionVersions);
}

function readLocal(location: string): string {
  try {
    return readFileSync(location, 'utf8');
  } catch (err) {
    throw new MetadataError(`failed to load data.json, error: ${(err as Error).message}`, { file: location }, { cause: err });
  }
}

/**
 * Synchronous load: built-in data or a local data.json. An http(s) RANCHER_METADATA_URL needs
 * the network, so it is refused here with a pointer to loadVersionTableAsync.
 */
export function loadVersionTable(opts: LoadVersionTableOptions = {}): VersionTable {
  const location = metadataLocation(opts);
  if (location === undefined) return builtinTable(opts);
  if (isRemoteLocation(location)) {
    throw new MetadataError(
      `${RANCHER_METADATA_URL_ENV} points to a URL (${location}); remote metadata must be loaded with loadVersionTableAsync`,
      { file: location },
    );
  }
  return tableFrom(parseOrExplain(readLocal(location), location), { kind: 'file', location }, opts);
}

/** Like loadVersionTable, and also fetches an http(s) location (RKE1's 30 s HTTP client timeout). */
export async function loadVersionTableAsync(opts: LoadVersionTableOptions = {}): Promise<VersionTable> {
  const location = metadataLocation(opts);
  if (location === undefined || !isRemoteLocation(location)) return loadVersionTable(opts);
  let text: string;
  try {
    const response = await fetch(location, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    text = await response.text();
  } catch (err) {
    throw new MetadataError(`failed to load data.json, error: ${location}: ${(err as Error).message}`, { file: location }, { cause: err });
  }
  return tableFrom(parseOrExplain(text, location), { kind: 'url', location }, opts);
}
