/**
 * `rke config` (RKE1 cmd/config.go): print the system images or Kubernetes versions of the
 * version table, write an empty cluster.yml skeleton, or ask RKE1's questionnaire on stdin and
 * write the answers as cluster.yml (yaml.v2 layout, RKE1's two-line header, mode 0640).
 * `rke config schema` prints the cluster.yml JSON Schema (rke-ts addition).
 */
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';
import { RkeError } from '../../errors.js';
import { log } from '../../log/logger.js';
import { clusterConfigJsonSchema } from '../../config/index.js';
import {
  SYSTEM_IMAGE_KEYS,
  loadVersionTableAsync,
  systemImagesFor,
  uniqueSystemImages,
  type SystemImages,
  type VersionTable,
} from '../../versions/index.js';

export const CONFIG_HEADER = `# If you intended to deploy Kubernetes in an air-gapped environment,
# please consult the documentation on how to configure custom RKE images.`;

/** RKE1 defaults offered by the questionnaire (cluster/defaults.go, cluster/hosts.go). */
const DEFAULTS = {
  sshKeyPath: '~/.ssh/id_rsa',
  sshPort: '22',
  sshUser: 'ubuntu',
  dockerSocket: '/var/run/docker.sock',
  networkPlugin: 'canal',
  authStrategy: 'x509',
  authorizationMode: 'rbac',
  clusterDomain: 'cluster.local',
  serviceClusterIPRange: '10.43.0.0/16',
  clusterCIDR: '10.42.0.0/16',
  clusterDNSServer: '10.43.0.10',
} as const;

export interface ConfigOptions {
  name: string;
  empty: boolean;
  print: boolean;
  systemImages: boolean;
  listVersion: boolean;
  all: boolean;
  version?: string;
}

export interface ConfigIo {
  stdin: NodeJS.ReadableStream;
  stdout: { write(chunk: string): unknown };
  env: Record<string, string | undefined>;
  writeFile(path: string, data: string, mode: number): void;
}

const processIo = (): ConfigIo => ({
  stdin: process.stdin,
  stdout: process.stdout,
  env: process.env,
  writeFile: (path, data, mode) => writeFileSync(path, data, { mode }),
});

// ---------------------------------------------------------------------------------------------
// cluster.yml skeleton: the zero value of RKE1's RancherKubernetesEngineConfig as yaml.v2 prints
// it (every field without `omitempty`, in struct order). Built here until src/config/ offers a
// zero-value marshaller of its model.

type Yaml = Record<string, unknown>;

const baseService = (): Yaml => ({
  image: '', extra_args: {}, extra_args_array: {}, extra_binds: [], extra_env: [],
  win_extra_args: {}, win_extra_args_array: {}, win_extra_binds: [], win_extra_env: [],
});

export function emptyNode(): Yaml {
  return {
    address: '', port: '', internal_address: '', role: [], hostname_override: '', user: '',
    docker_socket: '', ssh_key: '', ssh_key_path: '', ssh_cert: '', ssh_cert_path: '', labels: {}, taints: [],
  };
}

export function emptySystemImages(): Yaml {
  return Object.fromEntries(SYSTEM_IMAGE_KEYS.map((key) => [key, '']));
}

export function emptyClusterConfig(): Yaml {
  return {
    nodes: [],
    services: {
      etcd: {
        ...baseService(), external_urls: [], ca_cert: '', cert: '', key: '', path: '', uid: 0, gid: 0,
        snapshot: null, retention: '', creation: '', backup_config: null,
      },
      'kube-api': {
        ...baseService(), service_cluster_ip_range: '', service_node_port_range: '', pod_security_configuration: '',
        always_pull_images: false, secrets_encryption_config: null, audit_log: null, admission_configuration: null,
        event_rate_limit: null,
      },
      'kube-controller': { ...baseService(), cluster_cidr: '', service_cluster_ip_range: '' },
      scheduler: baseService(),
      kubelet: {
        ...baseService(), cluster_domain: '', infra_container_image: '', cluster_dns_server: '', fail_swap_on: false,
        generate_serving_certificate: false,
      },
      kubeproxy: baseService(),
    },
    network: { plugin: '', options: {}, mtu: 0, node_selector: {}, update_strategy: null, tolerations: [] },
    authentication: { strategy: '', sans: [], webhook: null },
    addons: '',
    addons_include: [],
    system_images: emptySystemImages(),
    ssh_key_path: '',
    ssh_cert_path: '',
    ssh_agent_auth: false,
    authorization: { mode: '', options: {} },
    ignore_docker_version: null,
    enable_cri_dockerd: null,
    kubernetes_version: '',
    private_registries: [],
    ingress: {
      provider: '', options: {}, node_selector: {}, extra_args: {}, dns_policy: '', extra_envs: [], extra_volumes: [],
      extra_volume_mounts: [], update_strategy: null, http_port: 0, https_port: 0, network_mode: '', tolerations: [],
      default_backend: null, default_http_backend_priority_class_name: '',
      nginx_ingress_controller_priority_class_name: '', default_ingress_class: null,
    },
    cluster_name: '',
    cloud_provider: { name: '' },
    prefix_path: '',
    win_prefix_path: '',
    addon_job_timeout: 0,
    bastion_host: {
      address: '', port: '', user: '', ssh_key: '', ssh_key_path: '', ssh_cert: '', ssh_cert_path: '',
      ignore_proxy_env_vars: false,
    },
    monitoring: {
      provider: '', options: {}, node_selector: {}, update_strategy: null, replicas: null, tolerations: [],
      metrics_server_priority_class_name: '',
    },
    restore: { restore: false, snapshot_name: '' },
    rotate_encryption_key: false,
    dns: null,
    cri_dockerd_stream_server_address: '',
    cri_dockerd_stream_server_port: '',
  };
}

/** The file text RKE1 writes: header, newline, yaml.v2-style document (YAML 1.1 quoting). */
export function renderClusterYaml(config: Yaml): string {
  return `${CONFIG_HEADER}\n${stringify(config, { version: '1.1', indentSeq: false })}`;
}

// ---------------------------------------------------------------------------------------------
// Questionnaire

/** Reads answers line by line (RKE1 reads stdin whether or not it is a terminal). */
export class AnswerReader {
  private readonly lines: AsyncIterator<string>;
  constructor(input: NodeJS.ReadableStream, private readonly out: { write(chunk: string): unknown }) {
    this.lines = createInterface({ input, terminal: false, crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  /** Prints `[+] question [default]: ` and returns the trimmed answer or the default. */
  async ask(question: string, def: string): Promise<string> {
    this.out.write(`[+] ${question} [${def === '' ? 'none' : def}]: `);
    const next = await this.lines.next();
    // RKE1 fails with Go's io.EOF when stdin ends before all questions are answered
    if (next.done) throw new RkeError('EOF');
    const answer = next.value.trim();
    return answer === '' ? def : answer;
  }
}

const isYes = (answer: string) => answer === 'y' || answer === 'Y';
/** Go strings.ContainsAny(answer, "Yes YES Y yes y"): any of those characters counts as yes. */
const containsYesChar = (answer: string) => [...answer].some((c) => 'Yes YES Y yes y'.includes(c));

function goAtoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new RkeError(`strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  return Number(text);
}

async function askHost(reader: AnswerReader, index: number, clusterKeyPath: string, out: ConfigIo['stdout']): Promise<Yaml> {
  const host = emptyNode();
  const address = await reader.ask(`SSH Address of host (${index + 1})`, '');
  host['address'] = address;
  host['port'] = await reader.ask(`SSH Port of host (${index + 1})`, DEFAULTS.sshPort);
  const keyPath = await reader.ask(`SSH Private Key Path of host (${address})`, '');
  if (keyPath === '') {
    out.write('[-] You have entered empty SSH key path, trying fetch from SSH key parameter\n');
    const key = await reader.ask(`SSH Private Key of host (${address})`, '');
    if (key === '') {
      out.write(`[-] You have entered empty SSH key, defaulting to cluster level SSH key: ${clusterKeyPath}\n`);
      host['ssh_key_path'] = clusterKeyPath;
    } else {
      host['ssh_key'] = key;
    }
  } else {
    host['ssh_key_path'] = keyPath;
  }
  host['user'] = await reader.ask(`SSH User of host (${address})`, DEFAULTS.sshUser);
  const roles: string[] = [];
  if (isYes(await reader.ask(`Is host (${address}) a Control Plane host (y/n)?`, 'y'))) roles.push('controlplane');
  if (isYes(await reader.ask(`Is host (${address}) a Worker host (y/n)?`, 'n'))) roles.push('worker');
  if (isYes(await reader.ask(`Is host (${address}) an etcd host (y/n)?`, 'n'))) roles.push('etcd');
  host['role'] = roles;
  host['hostname_override'] = await reader.ask(`Override Hostname of host (${address})`, '');
  host['internal_address'] = await reader.ask(`Internal IP of host (${address})`, '');
  host['docker_socket'] = await reader.ask(`Docker socket path on host (${address})`, DEFAULTS.dockerSocket);
  return host;
}

function imagesAsYaml(images: SystemImages): Yaml {
  const out = emptySystemImages();
  for (const key of SYSTEM_IMAGE_KEYS) out[key] = images[key] ?? '';
  return out;
}

/** RKE1's questions, in its order, with its defaults; returns the cluster.yml document. */
export async function askClusterConfig(reader: AnswerReader, table: VersionTable, out: ConfigIo['stdout']): Promise<Yaml> {
  const config = emptyClusterConfig();
  const clusterKeyPath = await reader.ask('Cluster Level SSH Private Key Path', DEFAULTS.sshKeyPath);
  config['ssh_key_path'] = clusterKeyPath;
  const hostCount = goAtoi(await reader.ask('Number of Hosts', '1'));
  const nodes: Yaml[] = [];
  for (let i = 0; i < hostCount; i++) nodes.push(await askHost(reader, i, clusterKeyPath, out));
  config['nodes'] = nodes;

  (config['network'] as Yaml)['plugin'] = await reader.ask('Network Plugin Type (flannel, calico, weave, canal, aci)', DEFAULTS.networkPlugin);
  (config['authentication'] as Yaml)['strategy'] = await reader.ask('Authentication Strategy', DEFAULTS.authStrategy);
  (config['authorization'] as Yaml)['mode'] = await reader.ask('Authorization Mode (rbac, none)', DEFAULTS.authorizationMode);

  // The default version's images; an answer naming a known version takes that version's set,
  // any other answer replaces only the kubernetes image.
  const defaults = table.versions[table.defaultVersion]?.systemImages ?? {};
  const kubeImage = await reader.ask('Kubernetes Docker image', defaults.kubernetes ?? '');
  const known = table.versions[kubeImage]?.systemImages;
  config['system_images'] = imagesAsYaml(known ?? { ...defaults, kubernetes: kubeImage });

  const services = config['services'] as Record<string, Yaml>;
  const kubelet = services['kubelet'] as Yaml;
  const kubeApi = services['kube-api'] as Yaml;
  const controller = services['kube-controller'] as Yaml;
  kubelet['cluster_domain'] = await reader.ask('Cluster domain', DEFAULTS.clusterDomain);
  const serviceRange = await reader.ask('Service Cluster IP Range', DEFAULTS.serviceClusterIPRange);
  kubeApi['service_cluster_ip_range'] = serviceRange;
  controller['service_cluster_ip_range'] = serviceRange;
  controller['cluster_cidr'] = await reader.ask('Cluster Network CIDR', DEFAULTS.clusterCIDR);
  kubelet['cluster_dns_server'] = await reader.ask('Cluster DNS Service IP', DEFAULTS.clusterDNSServer);

  const addons: string[] = [];
  if (containsYesChar(await reader.ask('Add addon manifest URLs or YAML files', 'no'))) {
    let more = true;
    while (more) {
      addons.push(await reader.ask('Enter the Path or URL for the manifest', ''));
      more = containsYesChar(await reader.ask('Add another addon', 'no'));
    }
  }
  config['addons_include'] = addons;
  return config;
}

// ---------------------------------------------------------------------------------------------
// Modes

function printImages(table: VersionTable, version: string, out: ConfigIo['stdout']): void {
  log.info(`Generating images list for version [${version}]:`);
  for (const image of uniqueSystemImages(table.versions[version]?.systemImages ?? {})) out.write(`${image}\n`);
}

export function listSystemImages(table: VersionTable, opts: { version?: string; all: boolean }, out: ConfigIo['stdout']): void {
  if (opts.all) {
    for (const version of table.current) printImages(table, version, out);
    return;
  }
  const version = opts.version ? opts.version : table.defaultVersion;
  systemImagesFor(table, version); // RKE1's "k8s version is not supported" error
  printImages(table, version, out);
}

export function listVersions(table: VersionTable, all: boolean, out: ConfigIo['stdout']): void {
  const versions = all ? table.current.filter((v) => !table.deprecated.includes(v)) : [table.defaultVersion];
  for (const version of versions) out.write(`${version}\n`);
}

function writeConfig(config: Yaml, opts: ConfigOptions, io: ConfigIo): void {
  const text = renderClusterYaml(config);
  log.debug(`Deploying cluster configuration file: ${opts.name}`);
  if (opts.print) {
    io.stdout.write(`Configuration File: \n${text}`);
    return;
  }
  io.writeFile(opts.name, text, 0o640);
}

export async function runConfig(opts: ConfigOptions, io: ConfigIo = processIo()): Promise<void> {
  const table = await loadVersionTableAsync({ env: io.env });
  if (opts.systemImages) return listSystemImages(table, opts, io.stdout);
  if (opts.listVersion) return listVersions(table, opts.all, io.stdout);
  if (opts.empty) {
    const config = emptyClusterConfig();
    config['nodes'] = [emptyNode()];
    return writeConfig(config, opts, io);
  }
  const config = await askClusterConfig(new AnswerReader(io.stdin, io.stdout), table, io.stdout);
  writeConfig(config, opts, io);
}

// ---------------------------------------------------------------------------------------------
// JSON Schema (rke-ts addition)

/** Prints the cluster.yml JSON Schema from the config model (src/config). */
export async function printJsonSchema(out: ConfigIo['stdout']): Promise<void> {
  out.write(`${JSON.stringify(clusterConfigJsonSchema(), null, 2)}\n`);
}

export function configCommand(): Command {
  const cmd = new Command('config')
    .description('Setup cluster configuration')
    .option('-n, --name <name>', 'Name of the configuration file', 'cluster.yml')
    .option('-e, --empty', 'Generate Empty configuration file', false)
    .option('-p, --print', 'Print configuration', false)
    .option('-s, --system-images', 'Generate the default system images', false)
    .option('-l, --list-version', 'List the default kubernetes version', false)
    .option('-a, --all', 'Used with -s and -l, get all available versions', false)
    .option('--version <version>', 'Generate the default system images for specific k8s versions')
    .action(async (opts: ConfigOptions) => runConfig(opts));
  cmd
    .command('schema')
    .description('Print the JSON Schema of cluster.yml (for editors)')
    .action(async () => printJsonSchema(process.stdout));
  return cmd;
}
