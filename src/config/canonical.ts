/** A config with its keys in schema (RKE1 struct field) order, for stable printing and diffs. */
import type { z } from 'zod';
import { metaOf, structMetaOf } from './schema-dsl.js';
import { clusterConfigSchema, type ClusterConfig } from './schema/cluster.js';

function order(schema: z.ZodType, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  const meta = metaOf(schema);
  switch (meta.kind) {
    case 'struct': {
      const data = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(structMetaOf(schema).fields)) {
        if (data[key] !== undefined) out[key] = order(field.schema, data[key]);
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => order(meta.element as z.ZodType, item));
    case 'map':
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, order(meta.element as z.ZodType, v)]));
    default:
      return value;
  }
}

export function canonicalClusterConfig(config: ClusterConfig): ClusterConfig {
  return order(clusterConfigSchema, config) as ClusterConfig;
}
