/**
 * cluster.yml flattened into the settings the assessment speaks about, guided by the config schema:
 * a scalar, a list of scalars, a map entry or a Kubernetes object is one leaf; lists of structs are
 * walked per element. Each leaf carries a pattern (`nodes[].labels.*`) for the rule lookup.
 */
import type { z } from 'zod';
import { clusterConfigSchema } from '../config/index.js';
import { metaOf, structMetaOf } from '../config/schema-dsl.js';

export interface Leaf {
  /** `nodes[0].labels.zone` */
  path: string;
  /** `nodes[].labels.*` */
  pattern: string;
  value: unknown;
  /** Index of the enclosing `nodes[]` element, when inside one. */
  nodeIndex?: number;
  /** The map key of the last `*` segment. */
  mapKey?: string;
}

const SCALAR_KINDS = new Set(['string', 'bool', 'int', 'float', 'intOrString', 'json']);

function isScalarSchema(schema: z.ZodType): boolean {
  return SCALAR_KINDS.has(metaOf(schema).kind);
}

function walk(schema: z.ZodType, value: unknown, path: string, pattern: string, out: Leaf[], ctx: Omit<Leaf, 'path' | 'pattern' | 'value'>): void {
  if (value === undefined || value === null) return;
  const meta = metaOf(schema);
  const join = (p: string, k: string) => (p === '' ? k : `${p}.${k}`);
  switch (meta.kind) {
    case 'struct': {
      const fields = structMetaOf(schema).fields;
      for (const [key, field] of Object.entries(fields)) {
        walk(field.schema, (value as Record<string, unknown>)[key], join(path, key), join(pattern, key), out, ctx);
      }
      return;
    }
    case 'list': {
      const element = meta.element!;
      if (!Array.isArray(value) || value.length === 0) return;
      if (isScalarSchema(element) || metaOf(element).kind === 'map') {
        out.push({ path, pattern, value, ...ctx });
        return;
      }
      value.forEach((v, i) => walk(element, v, `${path}[${i}]`, `${pattern}[]`, out, pattern === 'nodes' ? { ...ctx, nodeIndex: i } : ctx));
      return;
    }
    case 'map': {
      const element = meta.element!;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const next = { ...ctx, mapKey: k };
        if (isScalarSchema(element) || metaOf(element).kind === 'list') out.push({ path: join(path, k), pattern: join(pattern, '*'), value: v, ...next });
        else walk(element, v, join(path, k), join(pattern, '*'), out, next);
      }
      return;
    }
    default:
      out.push({ path, pattern, value, ...ctx });
  }
}

/** Every setting present in a config, in schema order. */
export function configLeaves(config: unknown): Leaf[] {
  const out: Leaf[] = [];
  walk(clusterConfigSchema, config, '', '', out, {});
  return out;
}

/** Every leaf pattern the schema allows (for checking the rule table covers them all). */
export function schemaLeafPatterns(): string[] {
  const out: string[] = [];
  const visit = (schema: z.ZodType, pattern: string): void => {
    const meta = metaOf(schema);
    const join = (p: string, k: string) => (p === '' ? k : `${p}.${k}`);
    if (meta.kind === 'struct') {
      for (const [key, field] of Object.entries(structMetaOf(schema).fields)) visit(field.schema, join(pattern, key));
    } else if (meta.kind === 'list') {
      const element = meta.element!;
      if (isScalarSchema(element) || metaOf(element).kind === 'map') out.push(pattern);
      else visit(element, `${pattern}[]`);
    } else if (meta.kind === 'map') {
      const element = meta.element!;
      if (isScalarSchema(element) || metaOf(element).kind === 'list') out.push(join(pattern, '*'));
      else visit(element, join(pattern, '*'));
    } else out.push(pattern);
  };
  visit(clusterConfigSchema, '');
  return out;
}
