/**
 * `cloud_provider` (RKE1 types/rke_types.go CloudProvider and the per-provider option structs).
 * YAML keys are the `yaml:` tags, JSON keys the `json:` tags (they mostly agree for these types).
 */
import { f, struct, str, bool, int, map } from '../schema-dsl.js';

const globalAwsOpts = struct('types.GlobalAwsOpts', {
  zone: f(str(), 'zone'),
  vpc: f(str(), 'vpc'),
  'subnet-id': f(str(), 'subnet-id'),
  'routetable-id': f(str(), 'routetable-id'),
  'role-arn': f(str(), 'role-arn'),
  'kubernetes-cluster-tag': f(str(), 'kubernetes-cluster-tag'),
  'kubernetes-cluster-id': f(str(), 'kubernetes-cluster-id'),
  'disable-security-group-ingress': f(bool(), 'disable-security-group-ingress'),
  'elb-security-group': f(str(), 'elb-security-group'),
  'disable-strict-zone-check': f(bool(), 'disable-strict-zone-check'),
});

const serviceOverride = struct('types.ServiceOverride', {
  service: f(str(), 'service'),
  region: f(str(), 'region'),
  url: f(str(), 'url'),
  'signing-region': f(str(), 'signing-region'),
  'signing-method': f(str(), 'signing-method'),
  'signing-name': f(str(), 'signing-name'),
});

export const awsCloudProvider = struct('types.AWSCloudProvider', {
  global: f(globalAwsOpts, 'global'),
  service_override: f(map(serviceOverride), 'serviceOverride,omitempty'),
});

export const azureCloudProvider = struct('types.AzureCloudProvider', {
  cloud: f(str(), 'cloud'),
  tenantId: f(str(), 'tenantId'),
  subscriptionId: f(str(), 'subscriptionId'),
  resourceGroup: f(str(), 'resourceGroup'),
  location: f(str(), 'location'),
  vnetName: f(str(), 'vnetName'),
  vnetResourceGroup: f(str(), 'vnetResourceGroup'),
  subnetName: f(str(), 'subnetName'),
  securityGroupName: f(str(), 'securityGroupName'),
  securityGroupResourceGroup: f(str(), 'securityGroupResourceGroup,omitempty'),
  routeTableName: f(str(), 'routeTableName'),
  primaryAvailabilitySetName: f(str(), 'primaryAvailabilitySetName'),
  vmType: f(str(), 'vmType'),
  primaryScaleSetName: f(str(), 'primaryScaleSetName'),
  aadClientId: f(str(), 'aadClientId'),
  aadClientSecret: f(str(), 'aadClientSecret'),
  aadClientCertPath: f(str(), 'aadClientCertPath'),
  aadClientCertPassword: f(str(), 'aadClientCertPassword'),
  cloudProviderBackoff: f(bool(), 'cloudProviderBackoff'),
  cloudProviderBackoffRetries: f(int(), 'cloudProviderBackoffRetries'),
  cloudProviderBackoffExponent: f(int(), 'cloudProviderBackoffExponent'),
  cloudProviderBackoffDuration: f(int(), 'cloudProviderBackoffDuration'),
  cloudProviderBackoffJitter: f(int(), 'cloudProviderBackoffJitter'),
  cloudProviderRateLimit: f(bool(), 'cloudProviderRateLimit'),
  cloudProviderRateLimitQPS: f(int(), 'cloudProviderRateLimitQPS'),
  cloudProviderRateLimitBucket: f(int(), 'cloudProviderRateLimitBucket'),
  useInstanceMetadata: f(bool(), 'useInstanceMetadata'),
  useManagedIdentityExtension: f(bool(), 'useManagedIdentityExtension'),
  userAssignedIdentityID: f(str(), 'userAssignedIdentityID,omitempty'),
  maximumLoadBalancerRuleCount: f(int(), 'maximumLoadBalancerRuleCount'),
  loadBalancerSku: f(str(), 'loadBalancerSku,omitempty'),
  excludeMasterFromStandardLB: f(bool(), 'excludeMasterFromStandardLB,omitempty', { pointer: true }),
  tags: f(str(), 'tags,omitempty'),
});

const globalOpenstackOpts = struct('types.GlobalOpenstackOpts', {
  'auth-url': f(str(), 'auth-url'),
  username: f(str(), 'username'),
  'user-id': f(str(), 'user-id'),
  password: f(str(), 'password'),
  'tenant-id': f(str(), 'tenant-id'),
  'tenant-name': f(str(), 'tenant-name'),
  'trust-id': f(str(), 'trust-id'),
  'domain-id': f(str(), 'domain-id'),
  'domain-name': f(str(), 'domain-name'),
  region: f(str(), 'region'),
  'ca-file': f(str(), 'ca-file'),
});
const loadBalancerOpenstackOpts = struct('types.LoadBalancerOpenstackOpts', {
  'lb-version': f(str(), 'lb-version'),
  'use-octavia': f(bool(), 'use-octavia'),
  'subnet-id': f(str(), 'subnet-id'),
  'floating-network-id': f(str(), 'floating-network-id'),
  'lb-method': f(str(), 'lb-method'),
  'lb-provider': f(str(), 'lb-provider'),
  'create-monitor': f(bool(), 'create-monitor'),
  'monitor-delay': f(str(), 'monitor-delay'),
  'monitor-timeout': f(str(), 'monitor-timeout'),
  'monitor-max-retries': f(int(), 'monitor-max-retries'),
  'manage-security-groups': f(bool(), 'manage-security-groups'),
});
const blockStorageOpenstackOpts = struct('types.BlockStorageOpenstackOpts', {
  'bs-version': f(str(), 'bs-version'),
  'trust-device-path': f(bool(), 'trust-device-path'),
  'ignore-volume-az': f(bool(), 'ignore-volume-az'),
});
const routeOpenstackOpts = struct('types.RouteOpenstackOpts', {
  'router-id': f(str(), 'router-id'),
});
const metadataOpenstackOpts = struct('types.MetadataOpenstackOpts', {
  'search-order': f(str(), 'search-order'),
  'request-timeout': f(int(), 'request-timeout'),
});

export const openstackCloudProvider = struct('types.OpenstackCloudProvider', {
  global: f(globalOpenstackOpts, 'global'),
  load_balancer: f(loadBalancerOpenstackOpts, 'loadBalancer'),
  block_storage: f(blockStorageOpenstackOpts, 'blockStorage'),
  route: f(routeOpenstackOpts, 'route'),
  metadata: f(metadataOpenstackOpts, 'metadata'),
});

const globalVsphereOpts = struct('types.GlobalVsphereOpts', {
  user: f(str(), 'user,omitempty'),
  password: f(str(), 'password,omitempty'),
  server: f(str(), 'server,omitempty'),
  port: f(str(), 'port,omitempty'),
  'insecure-flag': f(bool(), 'insecure-flag,omitempty'),
  datacenter: f(str(), 'datacenter,omitempty'),
  datacenters: f(str(), 'datacenters,omitempty'),
  datastore: f(str(), 'datastore,omitempty'),
  'working-dir': f(str(), 'working-dir,omitempty'),
  'soap-roundtrip-count': f(int(), 'soap-roundtrip-count,omitempty'),
  'vm-uuid': f(str(), 'vm-uuid,omitempty'),
  'vm-name': f(str(), 'vm-name,omitempty'),
});
const virtualCenterConfig = struct('types.VirtualCenterConfig', {
  user: f(str(), 'user,omitempty'),
  password: f(str(), 'password,omitempty'),
  port: f(str(), 'port,omitempty'),
  datacenters: f(str(), 'datacenters,omitempty'),
  'soap-roundtrip-count': f(int(), 'soap-roundtrip-count,omitempty'),
});
const networkVsphereOpts = struct('types.NetworkVshpereOpts', {
  'public-network': f(str(), 'public-network,omitempty'),
});
const diskVsphereOpts = struct('types.DiskVsphereOpts', {
  scsicontrollertype: f(str(), 'scsicontrollertype,omitempty'),
});
const workspaceVsphereOpts = struct('types.WorkspaceVsphereOpts', {
  server: f(str(), 'server,omitempty'),
  datacenter: f(str(), 'datacenter,omitempty'),
  folder: f(str(), 'folder,omitempty'),
  'default-datastore': f(str(), 'default-datastore,omitempty'),
  'resourcepool-path': f(str(), 'resourcepool-path,omitempty'),
});

export const vsphereCloudProvider = struct('types.VsphereCloudProvider', {
  global: f(globalVsphereOpts, 'global,omitempty'),
  virtual_center: f(map(virtualCenterConfig), 'virtualCenter,omitempty'),
  network: f(networkVsphereOpts, 'network,omitempty'),
  disk: f(diskVsphereOpts, 'disk,omitempty'),
  workspace: f(workspaceVsphereOpts, 'workspace,omitempty'),
});

export const harvesterCloudProvider = struct('types.HarvesterCloudProvider', {
  cloud_config: f(str(), 'cloudConfig'),
});

export const cloudProvider = struct('types.CloudProvider', {
  name: f(str('aws, external-aws, azure, openstack, vsphere, harvester, external, or a custom name with customCloudProvider'), 'name,omitempty'),
  useInstanceMetadataHostname: f(bool(), 'useInstanceMetadataHostname,omitempty', { pointer: true }),
  awsCloudProvider: f(awsCloudProvider, 'awsCloudProvider,omitempty', { pointer: true }),
  azureCloudProvider: f(azureCloudProvider, 'azureCloudProvider,omitempty', { pointer: true }),
  openstackCloudProvider: f(openstackCloudProvider, 'openstackCloudProvider,omitempty', { pointer: true }),
  vsphereCloudProvider: f(vsphereCloudProvider, 'vsphereCloudProvider,omitempty', { pointer: true }),
  harvesterCloudProvider: f(harvesterCloudProvider, 'harvesterCloudProvider,omitempty', { pointer: true }),
  customCloudProvider: f(str('raw cloud config file content'), 'customCloudProvider,omitempty'),
});
