/** One test per RKE1 validation message, asserting the exact text (and the key path it points at). */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { applyDefaults } from '../../../src/config/defaults.js';
import { ConfigIssuesError, parseClusterConfig } from '../../../src/config/parse.js';
import type { ClusterConfig } from '../../../src/config/schema/cluster.js';
import { validateClusterConfig } from '../../../src/config/validate.js';
import { validateServicesOptions } from '../../../src/config/validate-services.js';
import { SYSTEM_IMAGE_KEYS } from '../../../src/versions/types.js';
import { fixtureTable, FIXTURE_DEFAULT_VERSION, FIXTURE_DEPRECATED_VERSION } from './fixture-table.js';

const NODE = { address: '10.0.0.1', user: 'rke', role: ['controlplane', 'etcd', 'worker'] };

function issuesOf(config: Record<string, unknown>): { message: string; path: string; line?: number; context?: string }[] {
  const yaml = stringify({ nodes: [NODE], ...config });
  const parsed = parseClusterConfig(yaml);
  const table = fixtureTable();
  return validateClusterConfig(applyDefaults(parsed.config, table, { flags: {} }), table, { lines: parsed.lines });
}
const messagesOf = (config: Record<string, unknown>) => issuesOf(config).map((issue) => issue.message);

/** Every image of the default version, so an unknown version passes the image check. */
function allImages(except?: string): Record<string, string> {
  const images = { ...fixtureTable().versions[FIXTURE_DEFAULT_VERSION]?.systemImages } as Record<string, string>;
  for (const key of SYSTEM_IMAGE_KEYS) images[key] ||= `example/${key}:1`;
  if (except) delete images[except];
  return images;
}

describe('a valid config', () => {
  it('has no issues', () => {
    expect(issuesOf({})).toEqual([]);
  });
});

describe('kubernetes_version (validateVersion)', () => {
  it('not valid version', () => {
    expect(issuesOf({ kubernetes_version: '1.32.13' })).toEqual([
      { message: '1.32.13 is not valid version', path: 'kubernetes_version', line: 8 },
    ]);
  });
  it('not valid semver', () => {
    expect(messagesOf({ kubernetes_version: 'v1.32' })).toEqual(['v1.32 is not valid semver']);
  });
  it('deprecated version', () => {
    expect(messagesOf({ kubernetes_version: FIXTURE_DEPRECATED_VERSION })).toEqual([
      `${FIXTURE_DEPRECATED_VERSION} is an unsupported Kubernetes version and system images are not populated: <nil>`,
    ]);
  });
  it('an unknown version with every image given is accepted', () => {
    expect(messagesOf({ kubernetes_version: 'v1.33.1-rancher1-1', system_images: allImages() })).toEqual([]);
  });

  const v = 'v1.33.1-rancher1-1';
  const cases: [string, string, Record<string, unknown>][] = [
    ['etcd', 'etcd image is not populated', {}],
    ['kubernetes', 'kubernetes image is not populated', {}],
    ['pod_infra_container', 'pod infrastructure container image is not populated', {}],
    ['alpine', 'alpine image is not populated', {}],
    ['nginx_proxy', 'nginx proxy image is not populated', {}],
    ['cert_downloader', 'certificate downloader image is not populated', {}],
    ['kubernetes_services_sidecar', 'kubernetes sidecar image is not populated', {}],
    ['flannel', 'flannel image is not populated', { network: { plugin: 'flannel' } }],
    ['flannel_cni', 'flannel cni image is not populated', { network: { plugin: 'flannel' } }],
    ['canal_node', 'canal image is not populated', {}],
    ['canal_cni', 'canal cni image is not populated', {}],
    ['canal_flannel', 'flannel image is not populated', {}],
    ['calico_cni', 'calico cni image is not populated', { network: { plugin: 'calico' } }],
    ['calico_ctl', 'calico ctl image is not populated', { network: { plugin: 'calico' } }],
    ['calico_node', 'calico image is not populated', { network: { plugin: 'calico' } }],
    ['calico_controllers', 'calico controllers image is not populated', { network: { plugin: 'calico' } }],
    ['kubedns', 'kubedns image is not populated', { dns: { provider: 'kube-dns' } }],
    ['dnsmasq', 'dnsmasq image is not populated', { dns: { provider: 'kube-dns' } }],
    ['kubedns_sidecar', 'kubedns sidecar image is not populated', { dns: { provider: 'kube-dns' } }],
    ['kubedns_autoscaler', 'kubedns autoscaler image is not populated', { dns: { provider: 'kube-dns' } }],
    ['coredns', 'coredns image is not populated', {}],
    ['coredns_autoscaler', 'coredns autoscaler image is not populated', {}],
    ['nodelocal', 'nodelocal image is not populated', { dns: { provider: 'coredns', nodelocal: { ip_address: '169.254.20.10' } } }],
    ['metrics_server', 'metrics server images is not populated', {}],
    ['ingress', 'ingress image is not populated', {}],
    ['ingress_backend', 'ingress backend image is not populated', {}],
    ['ingress_webhook', 'ingress webhook image is not populated', {}],
  ];
  for (const [key, message, extra] of cases) {
    it(`unsupported version without ${key}: "${message}"`, () => {
      const extraImages = key === 'kubernetes' || key === 'etcd' || key === 'pod_infra_container';
      const issues = issuesOf({ kubernetes_version: v, system_images: allImages(key), ...extra });
      expect(issues[0]).toEqual({
        message: `${v} is an unsupported Kubernetes version and system images are not populated: ${message}`,
        path: `system_images.${key}`,
        context: 'Failed to validate cluster',
        ...(issues[0]?.line ? { line: issues[0].line } : {}),
      });
      if (!extraImages) expect(issues).toHaveLength(1);
    });
  }
  it('weave images', () => {
    const base = { kubernetes_version: 'v1.29.1-rancher1-1', network: { plugin: 'weave' } };
    expect(messagesOf({ ...base, system_images: allImages('weave_cni') })).toEqual([
      'v1.29.1-rancher1-1 is an unsupported Kubernetes version and system images are not populated: weave cni image is not populated',
    ]);
    expect(messagesOf({ ...base, system_images: allImages('weave_node') })).toEqual([
      'v1.29.1-rancher1-1 is an unsupported Kubernetes version and system images are not populated: weave image is not populated',
    ]);
  });
  it('aci images', () => {
    const expected: [string, string][] = [
      ['aci_cni_deploy_container', 'aci cnideploy image is not populated'],
      ['aci_host_container', 'aci host container image is not populated'],
      ['aci_opflex_container', 'aci opflex agent image is not populated'],
      ['aci_mcast_container', 'aci mcast container image is not populated'],
      ['aci_ovs_container', 'aci openvswitch image is not populated'],
      ['aci_controller_container', 'aci controller image is not populated'],
    ];
    for (const [key, message] of expected) {
      const messages = messagesOf({ kubernetes_version: v, network: { plugin: 'aci' }, system_images: allImages(key) });
      expect(messages[0]).toBe(`${v} is an unsupported Kubernetes version and system images are not populated: ${message}`);
    }
  });
});

describe('kube-api service_cluster_ip_range (setNetworkOptions)', () => {
  it('invalid CIDR', () => {
    expect(issuesOf({ services: { 'kube-api': { service_cluster_ip_range: '10.43.0.0' } } })[0]).toEqual({
      message:
        'Failed to get Kubernetes Service IP: Failed to get kubernetes service IP from Kube API option [service_cluster_ip_range]: invalid CIDR address: 10.43.0.0',
      path: 'services.kube-api.service_cluster_ip_range',
      line: 10,
      context: 'Failed to set network options',
    });
  });
});

describe('cloud_provider (setCloudProvider)', () => {
  it('Azure config empty', () => {
    expect(messagesOf({ cloud_provider: { name: 'azure' } })).toEqual(['Failed to initialize cloud provider: Azure Cloud Provider Config is empty']);
  });
  it('Openstack config empty', () => {
    expect(messagesOf({ cloud_provider: { name: 'openstack' } })).toEqual([
      'Failed to initialize cloud provider: Openstack Cloud Provider Config is empty',
    ]);
  });
  it('Vsphere config empty', () => {
    expect(messagesOf({ cloud_provider: { name: 'vsphere' } })).toEqual(['Failed to initialize cloud provider: Vsphere Cloud Provider Config is empty']);
  });
  it('custom provider without a name', () => {
    expect(messagesOf({ cloud_provider: { customCloudProvider: '[Global]\n' } })).toEqual([
      'name of the cloud provider is not defined for custom provider',
    ]);
  });
  it('aws is invalid for >= 1.27', () => {
    expect(messagesOf({ cloud_provider: { awsCloudProvider: { global: { zone: 'a' } } } })).toEqual([
      `Cloud provider aws is invalid for [${FIXTURE_DEFAULT_VERSION}]`,
    ]);
  });
});

describe('nodes', () => {
  const node = (extra: Record<string, unknown>) => ({ nodes: [{ ...NODE, ...extra }] });
  it('unknown role (InvertIndexHosts runs before validation in RKE1)', () => {
    expect(issuesOf(node({ role: ['etcd', 'master'] }))).toEqual([
      {
        message: 'Failed to recognize host [10.0.0.1] role master',
        path: 'nodes[0].role[1]',
        line: 6,
        context: 'Failed to classify hosts from config file',
      },
    ]);
  });
  it('duplicate address', () => {
    expect(messagesOf({ nodes: [NODE, { ...NODE, hostname_override: 'other' }] })).toEqual(["Cluster can't have duplicate node: 10.0.0.1"]);
  });
  it('duplicate hostname_override', () => {
    expect(messagesOf({ nodes: [{ ...NODE, hostname_override: 'Same' }, { ...NODE, address: '10.0.0.2', hostname_override: 'same' }] })).toEqual([
      "Cluster can't have duplicate node: same",
    ]);
  });
  it('address missing', () => {
    expect(messagesOf(node({ address: '', hostname_override: 'n1' }))).toEqual(['Address for host (1) is not provided']);
  });
  it('user missing', () => {
    expect(issuesOf(node({ user: undefined }))).toEqual([
      { message: 'User for host (1) is not provided', path: 'nodes[0].user', line: 2, context: 'Failed to validate cluster' },
    ]);
  });
  it('role missing', () => {
    expect(messagesOf({ nodes: [NODE, { ...NODE, address: '10.0.0.2', role: [] }] })).toEqual(['Role for host (2) is not provided']);
  });
  it('invalid hostname_override', () => {
    expect(messagesOf(node({ hostname_override: 'node_1' }))).toEqual([
      "Hostname_override [node_1] for host (1) is not valid: [a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')]",
    ]);
  });
  it('no etcd host', () => {
    expect(messagesOf(node({ role: ['controlplane', 'worker'] }))).toEqual([
      'Cluster must have at least one etcd plane host: please specify one or more etcd in cluster config',
    ]);
  });
  it('internal and external etcd', () => {
    const etcd = { external_urls: ['https://e:2379'], ca_cert: 'c', cert: 'c', key: 'k', path: '/p' };
    expect(messagesOf({ services: { etcd } })).toEqual(["Cluster can't have both internal and external etcd"]);
  });
  it('reports every node problem at once', () => {
    expect(messagesOf({ nodes: [{ address: '10.0.0.1' }, { ...NODE, address: '10.0.0.2', role: ['boss'] }] })).toEqual([
      'Failed to recognize host [10.0.0.2] role boss',
      'User for host (1) is not provided',
      'Role for host (1) is not provided',
      'Cluster must have at least one etcd plane host: please specify one or more etcd in cluster config',
    ]);
  });
});

describe('authentication', () => {
  it('strategy not supported', () => {
    expect(messagesOf({ authentication: { strategy: 'x509|OIDC' } })).toEqual(['Authentication strategy [oidc] is not supported']);
  });
  it('must contain x509', () => {
    expect(messagesOf({ authentication: { strategy: 'webhook' } })).toEqual(['Authentication strategy must contain [x509]']);
  });
});

describe('network', () => {
  it('plugin not supported', () => {
    expect(messagesOf({ network: { plugin: 'cilium' } })).toEqual(['Network plugin [cilium] is not supported']);
  });
  it('flannel MTU', () => {
    expect(messagesOf({ network: { plugin: 'flannel', mtu: 1450 } })).toEqual(['Network plugin [flannel] does not support configuring MTU']);
  });
  it('weave removed for >= 1.30', () => {
    expect(messagesOf({ network: { plugin: 'weave' }, system_images: { weave_node: 'w:1', weave_cni: 'w:1' } })).toEqual([
      'weave CNI support is removed for k8s version >=1.30.0',
    ]);
  });
  it('dual-stack needs calico or aci', () => {
    expect(messagesOf({ services: { 'kube-controller': { cluster_cidr: '10.42.0.0/16,fd01::/64' } } })).toEqual([
      'Network plugin [canal] does not support IPv6 (dualstack)',
    ]);
  });

  const aciProvider = {
    system_id: 's',
    apic_hosts: ['10.1.1.1'],
    token: 't',
    apic_user_name: 'u',
    apic_user_key: 'k',
    apic_user_crt: 'c',
    encap_type: 'vxlan',
    mcast_range_start: '225.0.0.1',
    mcast_range_end: '225.0.0.9',
    node_subnet: '10.0.0.1/16',
    aep: 'a',
    vrf_name: 'v',
    vrf_tenant: 't',
    l3out: 'l',
    l3out_external_networks: ['e'],
    extern_dynamic: '10.3.0.1/24',
    extern_static: '10.4.0.1/24',
    node_svc_subnet: '10.5.0.1/24',
    kube_api_vlan: '1',
    service_vlan: '2',
    infra_vlan: '3',
  };
  it('aci dual-stack needs a dual-stack ACI CNI version', () => {
    expect(
      messagesOf({
        kubernetes_version: 'v1.24.10-rancher4-1',
        system_images: allImages(),
        network: { plugin: 'aci', aci_network_provider: aciProvider },
        services: { 'kube-api': { service_cluster_ip_range: '10.43.0.0/16,fd98::/108' } },
      }),
    ).toEqual(['Cluster version [v1.24.10-rancher4-1] does not have dualstack supported aci cni version']);
  });
  it('aci cloud options are rejected', () => {
    expect(messagesOf({ network: { plugin: 'aci', aci_network_provider: { ...aciProvider, capic: 'true', opflex_mode: 'overlay' } } })).toEqual([
      'Network plugin aci: aci_opflex_mode = overlay is provided,but cloud options are not allowed in this release',
      'Network plugin aci: aci_capic = true is provided,but cloud options are not allowed in this release',
    ]);
  });
  const required: [string, string][] = [
    ['system_id', 'system_id(unique suffix for all cluster related objects in aci)'],
    ['token', 'token(UUID for this version of the input configuration)'],
    ['apic_user_name', 'apic_user_name(User name for aci apic)'],
    ['apic_user_key', 'apic_user_key(Base64 encoded private key for aci apic user)'],
    ['apic_user_crt', 'apic_user_crt(Base64 encoded certificate for aci apic user)'],
    ['encap_type', 'encap_type(One of the supported encap types for aci(vlan/vxlan))'],
    ['mcast_range_start', 'mcast_range_start(Mcast range start address for endpoint groups on aci)'],
    ['mcast_range_end', 'mcast_range_end(Mcast range end address for endpoint groups on aci)'],
    ['node_subnet', 'node_subnet(Kubernetes node address subnet)'],
    ['aep', 'aep(Attachment entity profile name on aci)'],
    ['vrf_name', 'vrf_name(VRF Name on aci)'],
    ['vrf_tenant', 'vrf_tenant(Tenant for VRF on aci)'],
    ['l3out', 'l3out(L3Out on aci)'],
    ['extern_dynamic', 'extern_dynamic(Subnet to use for dynamic external IPs on aci)'],
    ['extern_static', 'extern_static(Subnet to use for static external IPs on aci)'],
    ['node_svc_subnet', 'node_svc_subnet(Subnet to use for service graph endpoints on aci)'],
    ['kube_api_vlan', 'kubeapi_vlan(Vlan for node network on aci)'],
    ['service_vlan', 'service_vlan(Vlan for service graph nodes on aci)'],
    ['infra_vlan', 'infra_vlan(Vlan for infra network on aci)'],
    ['apic_hosts', 'apic_hosts(address of aci apic hosts)'],
    ['l3out_external_networks', 'l3out_external_networks(external network name/s on aci)'],
  ];
  for (const [key, shown] of required) {
    it(`aci ${key} missing`, () => {
      const provider: Record<string, unknown> = { ...aciProvider };
      delete provider[key];
      expect(messagesOf({ network: { plugin: 'aci', aci_network_provider: provider } })).toEqual([
        `Network plugin aci: ${shown} under aci_network_provider is not provided`,
      ]);
    });
  }
  it('aci options without aci_network_provider', () => {
    const options = {
      aci_system_identifier: 's', aci_token: 't', aci_apic_user_name: 'u', aci_apic_user_key: 'k', aci_apic_user_crt: 'c',
      aci_encap_type: 'vxlan', aci_mcast_range_start: 'a', aci_mcast_range_end: 'b', aci_node_subnet: 'n', aci_aep: 'a',
      aci_vrf_name: 'v', aci_vrf_tenant: 't', aci_l3out: 'l', aci_dynamic_external_subnet: 'd', aci_static_external_subnet: 's',
      aci_service_graph_subnet: 'g', aci_kubeapi_vlan: '1', aci_service_vlan: '2', aci_infra_vlan: '3',
    };
    expect(messagesOf({ network: { plugin: 'aci', options } })).toEqual([
      `Network plugin aci: multiple parameters under aci_network_provider are not provided: [${' aci_ '.repeat(19)} ApicHosts  L3OutExternalNetworks]`,
    ]);
  });
});

describe('ingress', () => {
  it('controller incorrect', () => {
    expect(messagesOf({ ingress: { provider: 'traefik' } })).toEqual(['Ingress controller traefik is incorrect']);
  });
  it('DNS policy', () => {
    expect(messagesOf({ ingress: { dns_policy: 'Cluster' } })).toEqual(['DNSPolicy Cluster was not a valid DNS Policy']);
  });
  it('https port', () => {
    expect(messagesOf({ ingress: { https_port: 70000 } })).toEqual(['https port is invalid. Needs to be within 0 to 65535']);
  });
  it('http port', () => {
    expect(messagesOf({ ingress: { http_port: -1 } })).toEqual(['http port is invalid. Needs to be within 0 to 65535']);
  });
  it('same ports', () => {
    expect(messagesOf({ ingress: { http_port: 8443, https_port: 8443 } })).toEqual(['http and https ports need to be different']);
  });
  it('network mode', () => {
    expect(messagesOf({ ingress: { network_mode: 'hostport' } })).toEqual(['NetworkMode hostport was not a valid network mode']);
  });
});

describe('cri-dockerd and PodSecurity', () => {
  const old = { kubernetes_version: 'v1.20.15-rancher1-1', system_images: allImages('ingress_webhook') };
  it('cri-dockerd before 1.21', () => {
    expect(messagesOf({ ...old, enable_cri_dockerd: true })).toEqual([
      'Enabling cri-dockerd for cluster version [v1.20.15-rancher1-1] is not supported',
    ]);
  });
  it('PodSecurity needs RBAC', () => {
    expect(messagesOf({ authorization: { mode: 'none' } })).toEqual(["PodSecurity can't be enabled with RBAC support disabled"]);
  });
  it('PodSecurity needs 1.23', () => {
    expect(messagesOf({ ...old, services: { 'kube-api': { pod_security_configuration: 'restricted' } } })).toEqual([
      'cluster version must be at least v1.23 to use PodSecurity in RKE',
    ]);
  });
  it('PodSecurity level', () => {
    expect(messagesOf({ services: { 'kube-api': { pod_security_configuration: 'baseline' } } })).toEqual([
      'invalid pod_security_configuration [baseline]. Supported values: [privileged, restricted]',
    ]);
  });
});

describe('services', () => {
  it("every required option: '<words> can't be empty'", () => {
    expect(validateServicesOptions({} as ClusterConfig).map((issue) => issue.message)).toEqual([
      "etcd image can't be empty",
      "kube api image can't be empty",
      "kube api service cluster ip range can't be empty",
      "kube controller image can't be empty",
      "kube controller service cluster ip range can't be empty",
      "kube controller cluster cidr can't be empty",
      "scheduler image can't be empty",
      "kubelet image can't be empty",
      "kubelet cluster dns service can't be empty",
      "kubelet cluster domain can't be empty",
      "kubelet infra container image can't be empty",
      "kubeproxy image can't be empty",
    ]);
  });
  it('external etcd needs certificates and a path', () => {
    expect(messagesOf({ nodes: [{ ...NODE, role: ['controlplane', 'worker'] }], services: { etcd: { external_urls: ['https://e:2379'] } } })).toEqual([
      "External CA Certificate for etcd can't be empty",
      "External Client Certificate for etcd can't be empty",
      "External Client Key for etcd can't be empty",
      "External etcd path can't be empty",
    ]);
  });
  it('s3 endpoint and bucket', () => {
    expect(messagesOf({ services: { etcd: { backup_config: { s3backupconfig: { access_key: 'a' } } } } })).toEqual([
      "etcd s3 backup backend endpoint can't be empty",
      "etcd s3 backup backend bucketName can't be empty",
    ]);
  });
  it('s3 custom CA', () => {
    const s3backupconfig = { endpoint: 's3', bucket_name: 'b', custom_ca: 'not a certificate' };
    expect(messagesOf({ services: { etcd: { backup_config: { s3backupconfig } } } })).toEqual([
      'invalid S3 endpoint CA certificate: data does not contain any valid RSA or ECDSA certificates',
    ]);
  });
});

describe('upgrade_strategy', () => {
  it('zero', () => {
    expect(messagesOf({ upgrade_strategy: { max_unavailable_worker: '0' } })).toEqual([
      'invalid input for max_unavailable_worker: 0, value must be > 0',
    ]);
  });
  it('negative percentage', () => {
    expect(messagesOf({ upgrade_strategy: { max_unavailable_controlplane: '-10%' } })).toEqual([
      'invalid input for max_unavailable_controlplane: -10%, value must be > 0',
    ]);
  });
  it('not a percentage', () => {
    expect(messagesOf({ upgrade_strategy: { max_unavailable_worker: 'two' } })).toEqual([
      'invalid value for IntOrString: invalid type: string is not a percentage',
    ]);
  });
  it('bad percentage', () => {
    expect(messagesOf({ upgrade_strategy: { max_unavailable_worker: 'x%' } })).toEqual([
      'invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x": invalid syntax',
    ]);
  });
});

describe('parse-time messages (ParseConfig)', () => {
  const parseIssues = (yaml: string) => {
    try {
      parseClusterConfig(yaml);
    } catch (error) {
      if (error instanceof ConfigIssuesError) return error.issues.map((issue) => issue.message);
      throw error;
    }
    return [];
  };
  it('admission configuration without kind', () => {
    expect(parseIssues('services:\n  kube-api:\n    admission_configuration:\n      apiVersion: apiserver.config.k8s.io/v1\n')).toEqual([
      `error parsing admission config: error decoding data: Object 'Kind' is missing in '{"apiVersion":"apiserver.config.k8s.io/v1"}'`,
    ]);
  });
  it('audit policy of the wrong kind', () => {
    expect(parseIssues('services:\n  kube-api:\n    audit_log:\n      configuration:\n        policy:\n          apiVersion: audit.k8s.io/v1\n          kind: Polic\n')).toEqual([
      'error parsing audit log config: error decoding audit policy: no kind "Polic" is registered for version "audit.k8s.io/v1" in scheme "pkg/runtime/scheme.go:100"',
    ]);
  });
  it('yaml.v2 type errors', () => {
    expect(parseIssues('nodes: {}\ningress:\n  http_port: 80.5x\nmonitoring:\n  replicas: 3000000000\n')).toEqual([
      'cannot unmarshal !!map into []types.RKEConfigNode',
      'cannot unmarshal !!str `80.5x` into int',
      'cannot unmarshal !!int `3000000000` into int32',
    ]);
  });
});
