/**
 * Cloud provider name and /etc/kubernetes/cloud-config content (RKE1 cloudprovider/*, cluster/defaults.go
 * setCloudProvider). Providers whose file is rendered from a typed struct through INI (aws,
 * openstack) or a template (vsphere) are not rendered here yet: they raise
 * NotImplementedError rather than produce a file that differs from RKE1's.
 */
import { ConfigError, NotImplementedError } from '../../errors.js';
import type { CloudProviderInput } from '../input.js';
import { atLeast, K8S_127 } from '../semver.js';
import { azureCloudConfig } from './azure.js';

export const CLOUD_CONFIG_PATH = '/etc/kubernetes/cloud-config';
export const EXTERNAL_AWS = 'external-aws';

export interface CloudProviderResult {
  /** Name in effect ('' = none); drives `--cloud-provider`, `--cloud-config` and the checksum env. */
  name: string;
  configFile: string;
}

const present = (v: unknown): boolean => v !== undefined && v !== null;

export function resolveCloudProvider(cp: CloudProviderInput | undefined, kubernetesVersion: string): CloudProviderResult {
  if (!cp) return { name: '', configFile: '' };
  const userName = cp.name ?? '';
  let kind: 'aws' | 'azure' | 'openstack' | 'vsphere' | 'harvester' | 'custom' | undefined;
  if (present(cp.awsCloudProvider) || userName === 'aws') kind = 'aws';
  if (present(cp.azureCloudProvider) || userName === 'azure') kind = 'azure';
  if (present(cp.openstackCloudProvider) || userName === 'openstack') kind = 'openstack';
  if (present(cp.vsphereCloudProvider) || userName === 'vsphere') kind = 'vsphere';
  if (present(cp.harvesterCloudProvider) || userName === 'harvester') kind = 'harvester';
  if (cp.customCloudProvider) kind = 'custom';

  let result: CloudProviderResult;
  switch (kind) {
    case undefined:
      return { name: userName, configFile: '' };
    case 'aws':
      if (present(cp.awsCloudProvider))
        throw new NotImplementedError('cloud_provider.awsCloudProvider (INI cloud-config rendering)');
      result = { name: 'aws', configFile: '' };
      break;
    case 'azure':
      if (!present(cp.azureCloudProvider)) {
        throw new ConfigError('Failed to initialize cloud provider: Azure Cloud Provider Config is empty', {
          key: 'cloud_provider.azureCloudProvider',
        });
      }
      result = { name: userName || 'azure', configFile: azureCloudConfig(cp.azureCloudProvider) };
      break;
    case 'openstack':
    case 'vsphere': {
      const key = `${kind}CloudProvider` as const;
      if (!present(cp[key])) {
        const label = kind === 'vsphere' ? 'Vsphere' : 'Openstack';
        throw new ConfigError(`Failed to initialize cloud provider: ${label} Cloud Provider Config is empty`, {
          key: `cloud_provider.${key}`,
        });
      }
      throw new NotImplementedError(`cloud_provider.${key} (cloud-config rendering)`);
    }
    case 'harvester':
      result = {
        name: 'external',
        configFile: cp.harvesterCloudProvider?.cloud_config ?? cp.harvesterCloudProvider?.cloudConfig ?? '',
      };
      break;
    case 'custom':
      result = { name: userName, configFile: cp.customCloudProvider ?? '' };
      break;
  }
  if (result.name === '') {
    throw new ConfigError('name of the cloud provider is not defined for custom provider', { key: 'cloud_provider.name' });
  }
  if (result.name === 'aws' && atLeast(kubernetesVersion, K8S_127)) {
    throw new ConfigError(`Cloud provider aws is invalid for [${kubernetesVersion}]`, { key: 'cloud_provider.name' });
  }
  return result;
}

/** RKE1 getCloudProviderName: `external-aws` is passed to components as `external`. */
export function cloudProviderFlagValue(name: string): string {
  return name === EXTERNAL_AWS ? 'external' : name;
}
