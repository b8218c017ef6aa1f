/**
 * Azure cloud-config: RKE1 writes `json.MarshalIndent(config, "", "\n")` of its AzureCloudProvider
 * struct (cloudprovider/azure/azure.go): fields in struct order, each on its own line preceded by
 * a blank line (the indent string is a newline), Go's HTML-safe string escaping.
 */
import { goJsonString } from '../gojson.js';

type Kind = 'string' | 'bool' | 'int' | 'boolPtr';
/** [json/yaml key, kind, omitempty] in RKE1's struct order (types/rke_types.go AzureCloudProvider). */
const FIELDS: [string, Kind, boolean][] = [
  ['cloud', 'string', false],
  ['tenantId', 'string', false],
  ['subscriptionId', 'string', false],
  ['resourceGroup', 'string', false],
  ['location', 'string', false],
  ['vnetName', 'string', false],
  ['vnetResourceGroup', 'string', false],
  ['subnetName', 'string', false],
  ['securityGroupName', 'string', false],
  ['securityGroupResourceGroup', 'string', true],
  ['routeTableName', 'string', false],
  ['primaryAvailabilitySetName', 'string', false],
  ['vmType', 'string', false],
  ['primaryScaleSetName', 'string', false],
  ['aadClientId', 'string', false],
  ['aadClientSecret', 'string', false],
  ['aadClientCertPath', 'string', false],
  ['aadClientCertPassword', 'string', false],
  ['cloudProviderBackoff', 'bool', false],
  ['cloudProviderBackoffRetries', 'int', false],
  ['cloudProviderBackoffExponent', 'int', false],
  ['cloudProviderBackoffDuration', 'int', false],
  ['cloudProviderBackoffJitter', 'int', false],
  ['cloudProviderRateLimit', 'bool', false],
  ['cloudProviderRateLimitQPS', 'int', false],
  ['cloudProviderRateLimitBucket', 'int', false],
  ['useInstanceMetadata', 'bool', false],
  ['useManagedIdentityExtension', 'bool', false],
  ['userAssignedIdentityID', 'string', true],
  ['maximumLoadBalancerRuleCount', 'int', false],
  ['loadBalancerSku', 'string', true],
  ['excludeMasterFromStandardLB', 'boolPtr', true],
  ['tags', 'string', true],
];

export function azureCloudConfig(raw: unknown): string {
  const cfg = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const members: string[] = [];
  for (const [key, kind, omitEmpty] of FIELDS) {
    const v = cfg[key];
    let text: string;
    switch (kind) {
      case 'string': {
        const s = v === undefined || v === null ? '' : String(v);
        if (omitEmpty && s === '') continue;
        text = goJsonString(s);
        break;
      }
      case 'bool':
        text = v === true ? 'true' : 'false';
        break;
      case 'int':
        text = String(Math.trunc(Number(v ?? 0)) || 0);
        break;
      case 'boolPtr':
        if (v === undefined || v === null) continue;
        text = v === true ? 'true' : 'false';
        break;
    }
    members.push(`${goJsonString(key)}: ${text}`);
  }
  return `{\n\n${members.join(',\n\n')}\n}`;
}
