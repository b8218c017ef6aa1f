import { describe, expect, it } from 'vitest';
import { admissionConfigYaml } from '../../../src/desired/files/admission.js';
import { auditPolicyYaml } from '../../../src/desired/files/audit-policy.js';
import { md5Hex } from '../../../src/desired/files/checksum.js';
import { encryptionConfigIdentityFirst, encryptionConfigWithKeys } from '../../../src/desired/files/encryption.js';
import { fileDeployerOnDisk } from '../../../src/desired/helpers/file-deployer.js';
import { resolveCloudProvider } from '../../../src/desired/files/cloud-config.js';
import { ConfigError, NotImplementedError } from '../../../src/errors.js';

const DEFAULT_ADMISSION_125 = [
  'apiVersion: apiserver.config.k8s.io/v1',
  'kind: AdmissionConfiguration',
  'plugins:',
  '- configuration:',
  '    apiVersion: eventratelimit.admission.k8s.io/v1alpha1',
  '    kind: Configuration',
  '    limits:',
  '    - burst: 20000',
  '      qps: 5000',
  '      type: Server',
  '  name: EventRateLimit',
  '  path: ""',
  '- configuration:',
  '    apiVersion: pod-security.admission.config.k8s.io/v1',
  '    defaults:',
  '      enforce: privileged',
  '      enforce-version: latest',
  '    exemptions: {}',
  '    kind: PodSecurityConfiguration',
  '  name: PodSecurity',
  '  path: ""',
  '',
].join('\n');

describe('admission.yaml', () => {
  it('is the default EventRateLimit + privileged PodSecurity configuration for >= 1.25', () => {
    const yaml = admissionConfigYaml({ kubernetesVersion: 'v1.32.13-rancher1-2', userPlugins: [], podSecurityConfiguration: 'privileged' });
    expect(yaml).toBe(DEFAULT_ADMISSION_125);
    expect(md5Hex(yaml)).toBe('69ff71a7958fe5108686fd89fcbff80d');
  });

  it('uses the v1beta1 PodSecurity API on 1.23/1.24 and omits PodSecurity below 1.23', () => {
    expect(admissionConfigYaml({ kubernetesVersion: 'v1.24.17-rancher1-1', userPlugins: [], podSecurityConfiguration: 'restricted' })).toContain(
      'apiVersion: pod-security.admission.config.k8s.io/v1beta1',
    );
    const old = admissionConfigYaml({ kubernetesVersion: 'v1.22.17-rancher1-2', userPlugins: [], podSecurityConfiguration: '' });
    expect(old).not.toContain('PodSecurity');
  });

  it('restricted exempts ingress-nginx and kube-system', () => {
    const yaml = admissionConfigYaml({ kubernetesVersion: 'v1.31.1-rancher1-1', userPlugins: [], podSecurityConfiguration: 'restricted' });
    expect(yaml).toContain('    exemptions:\n      namespaces:\n      - ingress-nginx\n      - kube-system\n');
    expect(yaml).toContain('      audit-version: latest\n');
  });

  it('drops user plugins other than EventRateLimit and PodSecurity (RKE1 copy-into-nil-slice bug)', () => {
    const yaml = admissionConfigYaml({
      kubernetesVersion: 'v1.31.1-rancher1-1',
      userPlugins: [{ name: 'ImagePolicyWebhook', path: '/x' }, { name: 'EventRateLimit', path: '/erl.yaml' }],
      podSecurityConfiguration: 'privileged',
    });
    expect(yaml).not.toContain('ImagePolicyWebhook');
    expect(yaml).toContain('- configuration: null\n  name: EventRateLimit\n  path: /erl.yaml\n');
  });
});

describe('audit-policy.yaml', () => {
  it('is the default Metadata policy with ObjectMeta creationTimestamp null', () => {
    const yaml = auditPolicyYaml(undefined);
    expect(yaml).toBe('apiVersion: audit.k8s.io/v1\nkind: Policy\nmetadata:\n  creationTimestamp: null\nrules:\n- level: Metadata\n');
    expect(md5Hex(yaml)).toBe('856f426399fb14a50b78e721d15c168c');
  });

  it('round-trips a user policy through the typed shape: unknown keys dropped, empty group omitted', () => {
    const yaml = auditPolicyYaml({
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      rules: [{ level: 'None', bogus: 1, resources: [{ group: '', resources: ['secrets'] }] }],
    });
    expect(yaml).toBe(
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nmetadata:\n  creationTimestamp: null\nrules:\n- level: None\n  resources:\n  - resources:\n    - secrets\n',
    );
  });
});

describe('encryption provider config', () => {
  const key = { name: 'akey1', secret: 'c2VjcmV0' };
  it('renders keys first, identity last', () => {
    expect(encryptionConfigWithKeys([key, { name: 'akey0', secret: 'b2xk' }])).toBe(
      'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources:\n  - secrets\n  providers:\n  - aescbc:\n      keys:\n      - name: akey1\n        secret: c2VjcmV0\n      - name: akey0\n        secret: b2xk\n  - identity: {}',
    );
  });
  it('renders identity first for enable/disable transitions', () => {
    expect(encryptionConfigIdentityFirst(key).endsWith('  - identity: {}\n  - aescbc:\n      keys:\n      - name: akey1\n        secret: c2VjcmV0')).toBe(true);
  });
});

describe('file-deployer on-disk bytes', () => {
  it('interprets echo -e escapes and appends a newline', () => {
    expect(fileDeployerOnDisk('a\\tb\\\\c')).toBe('a\tb\\c\n');
    expect(fileDeployerOnDisk('plain: yaml\n')).toBe('plain: yaml\n\n');
  });
});

describe('cloud provider', () => {
  it('external-aws has no file content and keeps its name', () => {
    expect(resolveCloudProvider({ name: 'external-aws' }, 'v1.32.13-rancher1-2')).toEqual({ name: 'external-aws', configFile: '' });
  });
  it('in-tree aws is rejected from 1.27', () => {
    expect(() => resolveCloudProvider({ name: 'aws' }, 'v1.32.13-rancher1-2')).toThrow(ConfigError);
    expect(resolveCloudProvider({ name: 'aws' }, 'v1.26.15-rancher1-1')).toEqual({ name: 'aws', configFile: '' });
  });
  it('custom without a name is an error; harvester is external', () => {
    expect(() => resolveCloudProvider({ customCloudProvider: 'x' }, 'v1.32.13-rancher1-2')).toThrow(ConfigError);
    expect(resolveCloudProvider({ harvesterCloudProvider: { cloud_config: 'kc' } }, 'v1.32.13-rancher1-2')).toEqual({ name: 'external', configFile: 'kc' });
  });
  it('providers rendered from typed structs are refused, not approximated', () => {
    expect(() => resolveCloudProvider({ name: 'vsphere', vsphereCloudProvider: { global: {} } }, 'v1.32.13-rancher1-2')).toThrow(NotImplementedError);
  });
});

describe('azure cloud-config', () => {
  it('equals Go json.MarshalIndent(struct, "", "\\n") of RKE1 AzureCloudProvider', () => {
    // Expected bytes produced by Go encoding/json on a struct with RKE1's field order and tags.
    const expected = "{\n\n\"cloud\": \"AzurePublicCloud\",\n\n\"tenantId\": \"t\\u003c\\u0026\\u003e\",\n\n\"subscriptionId\": \"\",\n\n\"resourceGroup\": \"\",\n\n\"location\": \"\",\n\n\"vnetName\": \"\",\n\n\"vnetResourceGroup\": \"\",\n\n\"subnetName\": \"\",\n\n\"securityGroupName\": \"\",\n\n\"routeTableName\": \"\",\n\n\"primaryAvailabilitySetName\": \"\",\n\n\"vmType\": \"\",\n\n\"primaryScaleSetName\": \"\",\n\n\"aadClientId\": \"\",\n\n\"aadClientSecret\": \"s\\\"e\\\\c\",\n\n\"aadClientCertPath\": \"\",\n\n\"aadClientCertPassword\": \"\",\n\n\"cloudProviderBackoff\": true,\n\n\"cloudProviderBackoffRetries\": 6,\n\n\"cloudProviderBackoffExponent\": 0,\n\n\"cloudProviderBackoffDuration\": 0,\n\n\"cloudProviderBackoffJitter\": 0,\n\n\"cloudProviderRateLimit\": false,\n\n\"cloudProviderRateLimitQPS\": 0,\n\n\"cloudProviderRateLimitBucket\": 0,\n\n\"useInstanceMetadata\": true,\n\n\"useManagedIdentityExtension\": false,\n\n\"maximumLoadBalancerRuleCount\": 0,\n\n\"loadBalancerSku\": \"standard\",\n\n\"excludeMasterFromStandardLB\": false\n}";
    const cp = resolveCloudProvider(
      {
        name: 'azure',
        azureCloudProvider: {
          cloud: 'AzurePublicCloud',
          tenantId: 't<&>',
          aadClientSecret: 's"e\\c',
          cloudProviderBackoff: true,
          cloudProviderBackoffRetries: 6,
          loadBalancerSku: 'standard',
          excludeMasterFromStandardLB: false,
          useInstanceMetadata: true,
        },
      },
      'v1.32.13-rancher1-2',
    );
    expect(cp).toEqual({ name: 'azure', configFile: expected });
  });
});
