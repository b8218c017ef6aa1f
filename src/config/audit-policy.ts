/**
 * An audit.k8s.io/v1 Policy as RKE1 holds it: decoded into auditv1.Policy and JSON-marshalled
 * back (unknown keys dropped, empty fields omitted, ObjectMeta's `creationTimestamp: null` added).
 * RKE1 stores that form in cluster.rkestate and writes it to audit-policy.yaml.
 */
import type { JsonValue } from '../gotemplate/goyaml.js';
import { toJsonValue } from './json-value.js';

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const strList = (v: unknown): JsonValue | undefined =>
  Array.isArray(v) && v.length > 0 ? v.map((x) => String(x)) : undefined;

function setIf(out: Record<string, JsonValue>, key: string, v: JsonValue | undefined): void {
  if (v !== undefined) out[key] = v;
}

/** metav1.ObjectMeta as json.Marshal writes it: only set fields, creationTimestamp always (null when zero). */
function objectMeta(raw: unknown): JsonValue {
  const m = asObj(raw);
  const out: Record<string, JsonValue> = {};
  for (const k of ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion']) {
    if (typeof m[k] === 'string' && m[k] !== '') out[k] = m[k] as string;
  }
  if (typeof m.generation === 'number' && m.generation !== 0) out.generation = m.generation;
  out.creationTimestamp = typeof m.creationTimestamp === 'string' ? m.creationTimestamp : null;
  for (const k of ['labels', 'annotations']) {
    const v = asObj(m[k]);
    if (Object.keys(v).length > 0) out[k] = toJsonValue(v);
  }
  return out;
}

function groupResources(raw: unknown): JsonValue {
  const g = asObj(raw);
  const out: Record<string, JsonValue> = {};
  if (typeof g.group === 'string' && g.group !== '') out.group = g.group;
  setIf(out, 'resources', strList(g.resources));
  setIf(out, 'resourceNames', strList(g.resourceNames));
  return out;
}

function policyRule(raw: unknown): JsonValue {
  const r = asObj(raw);
  const out: Record<string, JsonValue> = { level: typeof r.level === 'string' ? r.level : '' };
  setIf(out, 'users', strList(r.users));
  setIf(out, 'userGroups', strList(r.userGroups));
  setIf(out, 'verbs', strList(r.verbs));
  if (Array.isArray(r.resources) && r.resources.length > 0) out.resources = r.resources.map(groupResources);
  setIf(out, 'namespaces', strList(r.namespaces));
  setIf(out, 'nonResourceURLs', strList(r.nonResourceURLs));
  setIf(out, 'omitStages', strList(r.omitStages));
  if (typeof r.omitManagedFields === 'boolean') out.omitManagedFields = r.omitManagedFields;
  return out;
}

/** The Policy as auditv1.Policy JSON-marshals it. */
export function normalizeAuditPolicy(raw: unknown): JsonValue {
  const p = asObj(raw);
  const out: Record<string, JsonValue> = {};
  if (typeof p.kind === 'string' && p.kind !== '') out.kind = p.kind;
  if (typeof p.apiVersion === 'string' && p.apiVersion !== '') out.apiVersion = p.apiVersion;
  out.metadata = objectMeta(p.metadata);
  out.rules = Array.isArray(p.rules) ? p.rules.map(policyRule) : null;
  setIf(out, 'omitStages', strList(p.omitStages));
  if (typeof p.omitManagedFields === 'boolean') out.omitManagedFields = p.omitManagedFields;
  return out;
}

