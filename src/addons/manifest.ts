/**
 * Kubernetes objects as plain values, and the multi-document YAML text RKE1 stores in an addon
 * ConfigMap. Pure.
 *
 * Text is emitted with YAML 1.1 quoting rules because the deploy Job's kubectl (and RKE1's Go YAML
 * decoders) read YAML 1.1: a string such as `on`, `yes` or `0644` must be quoted or it would come
 * back as a bool or an octal number.
 */
import { isDeepStrictEqual } from 'node:util';
import { Document, parseAllDocuments } from 'yaml';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export class ManifestParseError extends Error {
  override name = 'ManifestParseError';
}

/** One YAML document, without the leading `---`. */
export function toYamlDocument(value: unknown): string {
  return new Document(value, { version: '1.1' }).toString({ lineWidth: 0 });
}

/** The objects as one multi-document manifest: every document starts with `---`. */
export function toManifest(objects: readonly K8sObject[]): string {
  return objects.map((object) => `---\n${toYamlDocument(object)}`).join('');
}

/** Every non-empty document of a manifest, read with YAML 1.1 rules (as kubectl reads it). */
export function parseManifestDocuments(text: string): unknown[] {
  const values: unknown[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1' })) {
    if (doc.errors.length > 0) throw new ManifestParseError(doc.errors[0]!.message);
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    values.push(value);
  }
  return values;
}

/**
 * True when two manifests hold the same objects in the same order, however they are formatted.
 * Lets a ConfigMap written by RKE1's Go templates (different whitespace, comments, key order)
 * count as unchanged when rke-ts renders the same objects.
 */
export function sameManifestObjects(a: string, b: string): boolean {
  if (a === b) return true;
  let left: unknown[];
  let right: unknown[];
  try {
    left = parseManifestDocuments(a);
    right = parseManifestDocuments(b);
  } catch {
    return false;
  }
  // Key order is ignored by isDeepStrictEqual, as it carries no meaning in Kubernetes objects.
  return isDeepStrictEqual(left, right);
}
