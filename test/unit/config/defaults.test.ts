import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src/config/defaults.js';
import { parseClusterConfig } from '../../../src/config/parse.js';
import { fixtureTable, FIXTURE_DEFAULT_VERSION } from './fixture-table.js';

const effective = (yaml: string, flags?: { sshAgentAuth?: boolean; ignoreDockerVersion?: boolean }) =>
  applyDefaults(parseClusterConfig(yaml).config, fixtureTable(), flags ? { flags } : {});

describe('applyDefaults', () => {
  it('fills RKE1 defaults on a minimal cluster.yml', () => {
    const c = effective('nodes:\n- address: 10.0.0.1\n  user: rke\n  role: [etcd, controlplane, worker]\n');
    expect(c.kubernetes_version).toBe(FIXTURE_DEFAULT_VERSION);
    expect(c.nodes?.[0]).toMatchObject({ port: '22', internal_address: '10.0.0.1', hostname_override: '10.0.0.1', ssh_key_path: '~/.ssh/id_rsa', ssh_agent_auth: false });
    expect(c.network?.plugin).toBe('canal');
    expect(c.network?.options).toEqual({
      canal_flannel_backend_type: 'vxlan',
      canal_flannel_backend_port: '8472',
      canal_flannel_backend_vni: '1',
      canal_flex_volume_plugin_dir: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/nodeagent~uds',
    });
    expect(c.enable_cri_dockerd).toBe(true);
    expect(c.dns?.provider).toBe('coredns');
    expect(c.services?.etcd?.extra_args).toEqual({ 'election-timeout': '5000', 'heartbeat-interval': '500' });
    expect(c.services?.['kube-api']?.pod_security_configuration).toBe('privileged');
    expect(c.services?.['kube-api']?.audit_log?.enabled).toBe(true);
    expect(c.ingress).toMatchObject({ provider: 'nginx', network_mode: 'hostPort', http_port: 80, https_port: 443, default_backend: false, default_ingress_class: true });
    expect(c.upgrade_strategy).toEqual({ max_unavailable_worker: '10%', max_unavailable_controlplane: '1' });
    expect(c.system_images?.kubernetes).toBe(fixtureTable().versions[FIXTURE_DEFAULT_VERSION]?.systemImages.kubernetes);
    expect(c.services?.kubelet?.image).toBe(c.system_images?.kubernetes);
  });

  it('does not change its input', () => {
    const parsed = parseClusterConfig('nodes:\n- address: A\n').config;
    const copy = structuredClone(parsed);
    applyDefaults(parsed, fixtureTable());
    expect(parsed).toEqual(copy);
  });

  it('applies --ssh-agent-auth and --ignore-docker-version like RKE1', () => {
    expect(effective('ssh_agent_auth: false\n', { sshAgentAuth: true }).ssh_agent_auth).toBe(true);
    expect(effective('ssh_agent_auth: true\n', { sshAgentAuth: false }).ssh_agent_auth).toBe(true);
    expect(effective('ignore_docker_version: true\n', {}).ignore_docker_version).toBe(false);
    expect(effective('ignore_docker_version: true\n').ignore_docker_version).toBe(true);
  });
});
