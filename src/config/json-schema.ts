/** JSON Schema of cluster.yml for editors (yaml-language-server, VS Code), generated from the zod schema. */
import { z } from 'zod';
import { clusterConfigSchema } from './schema/cluster.js';

export function clusterConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(clusterConfigSchema, { unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://rke-ts.dev/schemas/cluster.yml.json',
    title: 'RKE cluster.yml',
    description: 'Rancher Kubernetes Engine (RKE1) cluster configuration, as accepted by rke-ts',
  };
}
