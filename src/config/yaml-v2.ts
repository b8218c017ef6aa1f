/**
 * A config as gopkg.in/yaml.v2 marshals RKE1's Go struct (what `rke config` prints and writes): struct
 * field order, zero values written out (`""`, `0`, `false`, `[]`, `{}`, `null` for nil pointers), fields
 * whose yaml tag has `omitempty` left out when zero. Returns a plain object for the `yaml` package's
 * stringify. Known gap: Kubernetes-typed values (update strategies, k8s objects) are written in their
 * JSON form, where yaml.v2 would lower-case Go field names.
 */
import type { z } from 'zod';
import { metaOf, structMetaOf } from './schema-dsl.js';
import { clusterConfigSchema, type ClusterConfig } from './schema/cluster.js';

/** Fields whose `yaml:` tag carries omitempty, per Go type (types/rke_types.go, types/backup_types.go). */
const YAML_OMITEMPTY: Record<string, readonly string[]> = {
  // `profile` is rke-ts's own key: left out when empty so the output stays RKE1's.
  'types.RancherKubernetesEngineConfig': ['rotate_certificates', 'upgrade_strategy', 'profile'],
  'types.BastionHost': ['ssh_agent_auth'],
  'types.RKEConfigNode': ['nodeName', 'ssh_agent_auth'],
  'types.NetworkConfig': [
    'calico_network_provider',
    'canal_network_provider',
    'flannel_network_provider',
    'weave_network_provider',
    'aci_network_provider',
  ],
  'types.CloudProvider': [
    'useInstanceMetadataHostname',
    'awsCloudProvider',
    'azureCloudProvider',
    'openstackCloudProvider',
    'vsphereCloudProvider',
    'harvesterCloudProvider',
    'customCloudProvider',
  ],
  'types.WeaveNetworkProvider': ['password'],
  'types.AzureCloudProvider': ['securityGroupResourceGroup', 'userAssignedIdentityID', 'loadBalancerSku', 'excludeMasterFromStandardLB', 'tags'],
  'types.AWSCloudProvider': ['service_override'],
  'types.RKETaint': ['timeAdded'],
  'types.BackupConfig': ['s3backupconfig'],
};
/** Types where every field's yaml tag has omitempty (AciNetworkProvider: all but its two lists). */
const ALL_OMITEMPTY = new Set([
  'types.VsphereCloudProvider',
  'types.GlobalVsphereOpts',
  'types.VirtualCenterConfig',
  'types.NetworkVshpereOpts',
  'types.DiskVsphereOpts',
  'types.WorkspaceVsphereOpts',
]);
const ACI_LISTS_WITHOUT_OMITEMPTY = new Set(['apic_hosts', 'l3out_external_networks']);

function omitsWhenZero(goType: string, key: string): boolean {
  if (ALL_OMITEMPTY.has(goType)) return true;
  if (goType === 'types.AciNetworkProvider') return !ACI_LISTS_WITHOUT_OMITEMPTY.has(key);
  return YAML_OMITEMPTY[goType]?.includes(key) ?? false;
}

/** yaml.v2 isZero: zero scalars, nil or empty lists/maps, structs whose fields are all zero; pointers only when nil. */
function isZero(schema: z.ZodType, value: unknown, pointer: boolean): boolean {
  if (value === undefined || value === null) return true;
  if (pointer) return false;
  const meta = metaOf(schema);
  switch (meta.kind) {
    case 'struct':
      return Object.entries(structMetaOf(schema).fields).every(([key, field]) =>
        isZero(field.schema, (value as Record<string, unknown>)[key], field.pointer),
      );
    case 'list':
      return (value as unknown[]).length === 0;
    case 'map':
    case 'json':
      return Object.keys(value as object).length === 0;
    default:
      return value === '' || value === 0 || value === false;
  }
}

function zero(schema: z.ZodType, pointer: boolean): unknown {
  if (pointer) return null;
  switch (metaOf(schema).kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
    case 'float':
      return 0;
    case 'list':
      return [];
    case 'map':
      return {};
    case 'struct':
      return marshal(schema, {});
    default:
      return null;
  }
}

function marshal(schema: z.ZodType, value: unknown): unknown {
  const meta = metaOf(schema);
  switch (meta.kind) {
    case 'struct': {
      const struct = structMetaOf(schema);
      const data = (value ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(struct.fields)) {
        const item = data[key];
        if (omitsWhenZero(struct.goType, key) && isZero(field.schema, item, field.pointer)) continue;
        out[key] = item === undefined || item === null ? zero(field.schema, field.pointer) : marshal(field.schema, item);
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => (item === undefined || item === null ? zero(meta.element as z.ZodType, false) : marshal(meta.element as z.ZodType, item)));
    case 'map':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, item === undefined || item === null ? zero(meta.element as z.ZodType, false) : marshal(meta.element as z.ZodType, item)]),
      );
    default:
      return structuredClone(value);
  }
}

export function toYamlV2Object(config: ClusterConfig): Record<string, unknown> {
  return marshal(clusterConfigSchema, config) as Record<string, unknown>;
}
