/**
 * Conversion between the cluster.yml form (YAML keys) and the form RKE1 stores in cluster.rkestate
 * (`desiredState.rkeConfig`, `currentState.rkeConfig`: Go encoding/json with the `json:` tags).
 *
 * toRkeStateJson follows encoding/json.Marshal: `omitempty` drops zero values, nil pointers and
 * nil slices/maps without omitempty are `null`, and non-pointer structs are always present.
 * fromRkeStateJson follows json.Unmarshal: keys match case-insensitively, unknown keys and `null`
 * are ignored, a type mismatch is an error.
 */
import type { z } from 'zod';
import { StateFileError } from '../errors.js';
import { joinPath } from './issues.js';
import { metaOf, structMetaOf, type FieldMeta } from './schema-dsl.js';
import { clusterConfigSchema, type ClusterConfig } from './schema/cluster.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function zeroJson(schema: z.ZodType): Json {
  switch (metaOf(schema).kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
    case 'float':
      return 0;
    case 'struct':
      return encode(schema, undefined);
    default:
      return null;
  }
}

function isEmptyJson(value: Json): boolean {
  if (value === null || value === '' || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function encodeField(field: FieldMeta, value: unknown): Json | undefined {
  const meta = metaOf(field.schema);
  if (value === undefined || value === null) {
    if (field.pointer) return field.omitempty ? undefined : null;
    if (meta.kind === 'struct') return encode(field.schema, undefined);
    const zero = zeroJson(field.schema);
    return field.omitempty ? undefined : zero;
  }
  const encoded = encode(field.schema, value);
  // omitempty never drops structs or pointers (to a zero value); it drops zero scalars and empty lists/maps.
  if (field.omitempty && !field.pointer && meta.kind !== 'struct') {
    if (meta.kind === 'map' && Object.keys(encoded as object).length === 0) return undefined;
    if (isEmptyJson(encoded)) return undefined;
  }
  return encoded;
}

function encode(schema: z.ZodType, value: unknown): Json {
  const meta = metaOf(schema);
  switch (meta.kind) {
    case 'struct': {
      const out: Record<string, Json> = {};
      const data = (value ?? {}) as Record<string, unknown>;
      for (const [key, field] of Object.entries(structMetaOf(schema).fields)) {
        const encoded = encodeField(field, data[key]);
        if (encoded !== undefined) out[field.json] = encoded;
      }
      return out;
    }
    case 'list':
      return value === undefined ? null : (value as unknown[]).map((item) => (item === undefined || item === null ? zeroJson(meta.element as z.ZodType) : encode(meta.element as z.ZodType, item)));
    case 'map': {
      if (value === undefined) return null;
      const out: Record<string, Json> = {};
      // Go's encoding/json writes map keys sorted (byte order): RKE1's state file does too.
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [key, item] of entries) {
        out[key] = item === undefined || item === null ? zeroJson(meta.element as z.ZodType) : encode(meta.element as z.ZodType, item);
      }
      return out;
    }
    case 'json':
      return structuredClone(value ?? null) as Json;
    default:
      return (value ?? zeroJson(schema)) as Json;
  }
}

/** The `rkeConfig` object RKE1 writes into cluster.rkestate for this config. */
export function toRkeStateJson(config: ClusterConfig): Record<string, unknown> {
  return encode(clusterConfigSchema, config) as Record<string, unknown>;
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value === 'boolean' ? 'bool' : typeof value;
}

function decode(schema: z.ZodType, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return undefined;
  const meta = metaOf(schema);
  const mismatch = () =>
    new StateFileError(`json: cannot unmarshal ${typeName(value)} into Go value of type ${meta.goType}`, { key: path });
  switch (meta.kind) {
    case 'string':
      if (typeof value !== 'string') throw mismatch();
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw mismatch();
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch();
      return value;
    case 'float':
      if (typeof value !== 'number') throw mismatch();
      return value;
    case 'intOrString':
      if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) return value;
      throw mismatch();
    case 'json':
      if (typeof value !== 'object' || Array.isArray(value)) throw mismatch();
      return structuredClone(value);
    case 'list': {
      if (!Array.isArray(value)) throw mismatch();
      const element = meta.element as z.ZodType;
      return value.map((item: unknown, index) => decode(element, item, joinPath(path, index)) ?? decodeZero(element));
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) throw mismatch();
      const element = meta.element as z.ZodType;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        out[key] = decode(element, item, joinPath(path, key)) ?? decodeZero(element);
      }
      return out;
    }
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) throw mismatch();
      const input = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const inputKeys = Object.keys(input);
      for (const [key, field] of Object.entries(structMetaOf(schema).fields)) {
        const jsonKey = field.json in input ? field.json : inputKeys.find((candidate) => candidate.toLowerCase() === field.json.toLowerCase());
        if (jsonKey === undefined) continue;
        const decoded = decode(field.schema, input[jsonKey], joinPath(path, key));
        if (decoded !== undefined) out[key] = decoded;
      }
      return out;
    }
  }
}

function decodeZero(schema: z.ZodType): unknown {
  const zero = zeroJson(schema);
  return zero === null ? null : decode(schema, zero, '');
}

/** cluster.yml form of an `rkeConfig` object read from cluster.rkestate. Throws StateFileError on a type mismatch. */
export function fromRkeStateJson(obj: unknown): ClusterConfig {
  return (decode(clusterConfigSchema, obj, '') ?? {}) as ClusterConfig;
}
