/**
 * KDM's data.json (rancher/kontainer-driver-metadata), the part RKE1 reads. Keys are Go field
 * names and Go's encoding/json matches them case-insensitively, so this reader does too.
 * Pure: text in, typed data out.
 */
import { SYSTEM_IMAGE_KEYS, type ServiceOptions, type SystemImageKey, type SystemImages } from './types.js';

/** KDM `K8sVersionInfo`: RKE/Rancher version bounds for a K8s version or minor (`v1.30`). */
export interface KdmVersionInfo {
  minRKEVersion?: string;
  maxRKEVersion?: string;
  deprecateRKEVersion?: string;
  minRancherVersion?: string;
  maxRancherVersion?: string;
  deprecateRancherVersion?: string;
}

export interface KdmData {
  /** Version → system images, keyed by cluster.yml `system_images` keys. */
  systemImages: Record<string, SystemImages>;
  /** Exact version or `vMAJOR.MINOR` → default service flags. */
  serviceOptions: Record<string, ServiceOptions>;
  /** Addon → semver range → template key. */
  templateRanges: Record<string, Record<string, string>>;
  /** Template key → Go text/template source (KDM's `K8sVersionedTemplates.templateKeys`), when the data carries them. */
  templateTexts?: Record<string, string>;
  versionInfo: Record<string, KdmVersionInfo>;
  /** RKE version (`1.8.14`) or `default` → K8s version. */
  rkeDefaultVersions: Record<string, string>;
  /** `1.32` → supported Docker versions as KDM writes them (`27.2.x`). */
  dockerInfo: Record<string, string[]>;
}

export class KdmFormatError extends Error {}

/** JSON key (`nginxProxy`) of each system image, as KDM and cluster.rkestate write it. */
export const SYSTEM_IMAGE_JSON_KEYS: Readonly<Record<SystemImageKey, string>> = Object.fromEntries(
  SYSTEM_IMAGE_KEYS.map((key) => [
    key,
    key === 'calico_flexvol' ? 'calicoFlexVol'
      : key === 'canal_flexvol' ? 'canalFlexVol'
        : key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
  ]),
) as Record<SystemImageKey, string>;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Go encoding/json field matching: exact key first, then case-insensitive. */
function field(obj: JsonObject, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

function objectAt(obj: JsonObject, name: string, where: string): JsonObject {
  const value = field(obj, name);
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new KdmFormatError(`${where}${name} must be an object`);
  return value;
}

function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new KdmFormatError(`${where} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new KdmFormatError(`${where}.${k} must be a string`);
    out[k] = v;
  }
  return out;
}

function parseSystemImages(value: unknown, where: string): SystemImages {
  if (!isObject(value)) throw new KdmFormatError(`${where} must be an object`);
  const images: SystemImages = {};
  for (const key of SYSTEM_IMAGE_KEYS) {
    const image = field(value, SYSTEM_IMAGE_JSON_KEYS[key]);
    if (image === undefined || image === null || image === '') continue;
    if (typeof image !== 'string') throw new KdmFormatError(`${where}.${SYSTEM_IMAGE_JSON_KEYS[key]} must be a string`);
    images[key] = image;
  }
  return images;
}

const SERVICE_OPTION_KEYS = ['etcd', 'kubeapi', 'kubelet', 'kubeproxy', 'kubeController', 'scheduler'] as const;

function parseServiceOptions(value: unknown, where: string): ServiceOptions {
  if (!isObject(value)) throw new KdmFormatError(`${where} must be an object`);
  const options: ServiceOptions = {};
  for (const key of SERVICE_OPTION_KEYS) {
    const flags = field(value, key);
    if (flags === undefined || flags === null) continue;
    options[key] = stringMap(flags, `${where}.${key}`);
  }
  return options;
}

function parseVersionInfo(value: unknown, where: string): KdmVersionInfo {
  const raw = stringMap(value, where);
  const info: KdmVersionInfo = {};
  for (const key of ['minRKEVersion', 'maxRKEVersion', 'deprecateRKEVersion', 'minRancherVersion', 'maxRancherVersion', 'deprecateRancherVersion'] as const) {
    const hit = Object.keys(raw).find((k) => k.toLowerCase() === key.toLowerCase());
    if (hit !== undefined && raw[hit] !== '') info[key] = raw[hit];
  }
  return info;
}

function mapValues<T>(obj: JsonObject, parse: (value: unknown, where: string) => T, where: string): Record<string, T> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, parse(v, `${where}[${JSON.stringify(k)}]`)]));
}

/** Parses data.json text (or an already-parsed object). Throws KdmFormatError on a wrong shape. */
export function parseKdmData(input: string | unknown): KdmData {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      throw new KdmFormatError(`not valid JSON: ${(err as Error).message}`);
    }
  }
  if (!isObject(doc)) throw new KdmFormatError('data.json must be a JSON object');
  const templates = objectAt(doc, 'K8sVersionedTemplates', '');
  const templateRanges: Record<string, Record<string, string>> = {};
  let templateTexts: Record<string, string> | undefined;
  for (const [addon, ranges] of Object.entries(templates)) {
    if (addon === 'templateKeys') {
      templateTexts = stringMap(ranges, 'K8sVersionedTemplates.templateKeys');
      continue;
    }
    templateRanges[addon] = stringMap(ranges, `K8sVersionedTemplates.${addon}`);
  }
  const dockerInfo: Record<string, string[]> = {};
  for (const [minor, list] of Object.entries(objectAt(doc, 'K8sVersionDockerInfo', ''))) {
    if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) {
      throw new KdmFormatError(`K8sVersionDockerInfo.${minor} must be a list of strings`);
    }
    dockerInfo[minor] = list as string[];
  }
  const data: KdmData = {
    systemImages: mapValues(objectAt(doc, 'K8sVersionRKESystemImages', ''), parseSystemImages, 'K8sVersionRKESystemImages'),
    serviceOptions: mapValues(objectAt(doc, 'K8sVersionServiceOptions', ''), parseServiceOptions, 'K8sVersionServiceOptions'),
    templateRanges,
    versionInfo: mapValues(objectAt(doc, 'K8sVersionInfo', ''), parseVersionInfo, 'K8sVersionInfo'),
    rkeDefaultVersions: stringMap(field(doc, 'RKEDefaultK8sVersions'), 'RKEDefaultK8sVersions'),
    dockerInfo,
  };
  if (templateTexts !== undefined && Object.keys(templateTexts).length > 0) data.templateTexts = templateTexts;
  return data;
}
