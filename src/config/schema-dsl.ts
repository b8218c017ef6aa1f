/**
 * A small vocabulary for describing RKE1's Go config types with zod.
 *
 * Every builder returns an ordinary zod schema (so `z.infer` gives the TypeScript type and
 * `z.toJSONSchema` the editor schema) and records, on the side, what the decoder and the state
 * converter need to behave like Go: the Go kind and type name of each node, and for each struct
 * field its YAML key (the object key), its JSON key, `omitempty` and pointer-ness.
 */
import { z } from 'zod';

export type GoKind = 'string' | 'bool' | 'int' | 'float' | 'list' | 'map' | 'struct' | 'json' | 'intOrString';

export interface NodeMeta {
  kind: GoKind;
  /** Go type name as yaml.v2 error messages print it, e.g. `int`, `[]string`, `types.RKEConfigNode`. */
  goType: string;
  /** list / map element schema. */
  element?: z.ZodType;
  /** int bit size (32 or 64) for range checks. */
  bits?: number;
  /**
   * For structs decoded by RKE with Go's encoding/json (ghodss/yaml re-parse) instead of yaml.v2:
   * keys match case-insensitively and unknown keys are not reported.
   */
  jsonDecoded?: boolean;
}

export interface FieldMeta {
  /** JSON key (the `json:` tag name) used in cluster.rkestate. */
  json: string;
  omitempty: boolean;
  /** Go pointer field: a nil value is `null` in JSON (unless omitempty), not a zero value. */
  pointer: boolean;
  /** The field's schema without the `.optional()` wrapper. */
  schema: z.ZodType;
}

export interface StructMeta extends NodeMeta {
  kind: 'struct';
  fields: Record<string, FieldMeta>;
}

const nodeMeta = new WeakMap<z.ZodType, NodeMeta>();

function tag<S extends z.ZodType>(schema: S, meta: NodeMeta): S {
  nodeMeta.set(schema, meta);
  return schema;
}

/** Metadata of a schema built with this module (unwraps `.optional()`). */
export function metaOf(schema: z.ZodType): NodeMeta {
  let current: z.ZodType = schema;
  for (;;) {
    const meta = nodeMeta.get(current);
    if (meta) return meta;
    const def = current._zod.def as { type: string; innerType?: z.ZodType };
    if (def.type === 'optional' && def.innerType) {
      current = def.innerType;
      continue;
    }
    throw new Error(`schema node without Go metadata (${def.type})`);
  }
}

export function structMetaOf(schema: z.ZodType): StructMeta {
  const meta = metaOf(schema);
  if (meta.kind !== 'struct') throw new Error(`expected a struct schema, got ${meta.goType}`);
  return meta as StructMeta;
}

export const str = (description?: string) =>
  tag(description ? z.string().describe(description) : z.string(), { kind: 'string', goType: 'string' });

/** A string field whose valid values are listed in the JSON Schema (the decoder still reads any string). */
export const strOneOf = (values: readonly string[], description: string) =>
  tag(z.string().describe(description).meta({ enum: [...values] }), { kind: 'string', goType: 'string' });

export const bool = (description?: string) =>
  tag(description ? z.boolean().describe(description) : z.boolean(), { kind: 'bool', goType: 'bool' });

export const int = (description?: string, bits: 32 | 64 = 64, goType = bits === 32 ? 'int32' : 'int') =>
  tag(description ? z.int().describe(description) : z.int(), { kind: 'int', goType, bits });

export const float = (description?: string) =>
  tag(description ? z.number().describe(description) : z.number(), { kind: 'float', goType: 'float64' });

/** Kubernetes IntOrString (e.g. `maxUnavailable: 1` or `"25%"`). */
export const intOrString = () =>
  tag(z.union([z.int(), z.string()]), { kind: 'intOrString', goType: 'intstr.IntOrString' });

export const list = <S extends z.ZodType>(element: S) =>
  tag(z.array(element), { kind: 'list', goType: `[]${metaOf(element).goType}`, element });

export const map = <S extends z.ZodType>(value: S) =>
  tag(z.record(z.string(), value), { kind: 'map', goType: `map[string]${metaOf(value).goType}`, element: value });

/**
 * A Kubernetes API object RKE parses with its JSON tags (ghodss/yaml): kept as the JSON object the user
 * wrote, identical in cluster.yml and in cluster.rkestate.
 */
export const k8sObject = (goType: string, description: string) =>
  tag(z.record(z.string(), z.unknown()).describe(description), { kind: 'json', goType });

export interface Field<S extends z.ZodType = z.ZodType> {
  schema: S;
  json: string;
  omitempty: boolean;
  pointer: boolean;
}

/**
 * A struct field. `jsonTag` is written like the Go tag: `name` or `name,omitempty`.
 * `pointer` marks Go pointer fields (*bool, *int32, *Struct).
 */
export function f<S extends z.ZodType>(schema: S, jsonTag: string, opts: { pointer?: boolean } = {}): Field<S> {
  const [json = '', ...flags] = jsonTag.split(',');
  return { schema, json, omitempty: flags.includes('omitempty'), pointer: opts.pointer ?? false };
}

export type StructShape<F extends Record<string, Field>> = { [K in keyof F]: z.ZodOptional<F[K]['schema']> };

export function struct<F extends Record<string, Field>>(
  goType: string,
  fields: F,
  opts: { description?: string; jsonDecoded?: boolean } = {},
): z.ZodObject<StructShape<F>> {
  const shape: Record<string, z.ZodType> = {};
  const fieldMeta: Record<string, FieldMeta> = {};
  for (const [key, field] of Object.entries(fields)) {
    shape[key] = field.schema.optional();
    fieldMeta[key] = { json: field.json, omitempty: field.omitempty, pointer: field.pointer, schema: field.schema };
  }
  let object = z.object(shape) as unknown as z.ZodObject<StructShape<F>>;
  if (opts.description) object = object.describe(opts.description);
  const meta: StructMeta = { kind: 'struct', goType, fields: fieldMeta };
  if (opts.jsonDecoded) meta.jsonDecoded = true;
  return tag(object, meta);
}
