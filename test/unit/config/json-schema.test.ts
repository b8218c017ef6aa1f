import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterConfigJsonSchema } from '../../../src/config/json-schema.js';
import { parseClusterConfig } from '../../../src/config/parse.js';
import { clusterConfigSchema } from '../../../src/config/schema/cluster.js';

type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema; description?: string; additionalProperties?: Schema };

describe('clusterConfigJsonSchema', () => {
  const schema = clusterConfigJsonSchema() as Schema & Record<string, unknown>;

  it('is a JSON Schema of an object with every top-level cluster.yml key', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties ?? {})).toEqual(Object.keys(clusterConfigSchema.shape));
    expect(Object.keys(schema.properties ?? {})).toContain('upgrade_strategy');
  });

  it('describes nested keys with their YAML spelling', () => {
    const node = schema.properties?.nodes?.items;
    expect(node?.properties?.hostname_override?.type).toBe('string');
    const toleration = schema.properties?.dns?.properties?.tolerations?.items;
    expect(Object.keys(toleration?.properties ?? {})).toContain('tolerationseconds');
    const backup = schema.properties?.services?.properties?.etcd?.properties?.backup_config;
    expect(Object.keys(backup?.properties ?? {})).toContain('s3backupconfig');
    expect(schema.properties?.network?.properties?.plugin?.description).toMatch(/canal/);
  });

  it('accepts every golden cluster.yml once parsed (the zod schema it is generated from)', () => {
    const dir = join(import.meta.dirname, '../../fixtures/config/golden');
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.yml'))) {
      const { config } = parseClusterConfig(readFileSync(join(dir, name), 'utf8'));
      expect(clusterConfigSchema.safeParse(config).success, name).toBe(true);
    }
  });

  it('serialises to JSON', () => {
    expect(() => JSON.parse(JSON.stringify(schema))).not.toThrow();
  });
});
