/**
 * Desired state: what RKE1 would run and write on each host. Shapes mirror RKE1's `v3.Process`
 * (cluster/plan.go) after `services.GetProcessConfig` turned it into Docker create options, so a
 * cluster built by RKE1 compares equal (shared/reference/rke1.md §3).
 */

/** How RKE probes a container after starting it (services/healthcheck.go), through the SSH tunnel. */
export interface HealthCheckSpec {
  url: string;
  /** Certificate name (state bundle key) presented as TLS client certificate, if any. */
  clientCert?: string;
  /** etcd answers JSON `{"health":"true"}` instead of `ok`. */
  expectJsonHealth?: boolean;
}

export interface PortBindingSpec {
  /** Container port with protocol, e.g. `1337/tcp`. */
  containerPort: string;
  hostIp: string;
  hostPort: string;
}

export type RestartPolicyName = '' | 'no' | 'always' | 'on-failure' | 'unless-stopped';

export interface ContainerSpec {
  /** Docker container name (== RKE1 process name). */
  name: string;
  image: string;
  /** Docker Entrypoint; empty means "image default" (Go nil). */
  entrypoint: string[];
  /** Docker Cmd; empty means "none given" (Go nil). */
  cmd: string[];
  env: string[];
  binds: string[];
  volumesFrom: string[];
  labels: Record<string, string>;
  /** `host`, `none`, or '' (Docker default bridge). */
  networkMode: string;
  /** `host` or ''. */
  pidMode: string;
  privileged: boolean;
  /** '' means no restart policy sent (Docker default). */
  restartPolicy: RestartPolicyName;
  user?: string;
  securityOpt: string[];
  portBindings?: PortBindingSpec[];
  /** Allocate a TTY (RKE1 sets it on the log-linker/cleaner one-shot containers). */
  tty?: boolean;
  /** HostConfig.LogConfig.Type (RKE1 sets `json-file` on the port checker to read its stderr). */
  logDriver?: string;
  healthCheck?: HealthCheckSpec;
  /** service-sidekick is created and never started on Linux. */
  start: boolean;
  /**
   * RKE1 removes and re-creates this container on every `rke up` instead of comparing it
   * (etcd-rolling-snapshots). The planner may keep an identical one; this records RKE1's behaviour.
   */
  recreatedOnEveryUp?: boolean;
}

/** Which RKE1 mechanism puts a file on the host. */
export type FileDeployer = 'file-deployer' | 'cert-deployer' | 'cluster-state-deployer';

export interface FileSpec {
  /** Path as seen inside the deployer container (`/etc/kubernetes/...`). */
  path: string;
  /** Path on the host (prefix_path applied). */
  hostPath: string;
  /**
   * Content handed to the deployer (env `FILE_DEPLOY`). The file-deployer writes it with busybox
   * `echo -e`, so the bytes on disk have escapes interpreted and a trailing newline added.
   */
  content: string;
  /** Octal file mode the deployer sets. */
  mode: number;
  deployer: FileDeployer;
  /** md5 of `content` when a container env var carries it (RKE_*_CHECKSUM), for "why" output. */
  checksum?: string;
}

export type Role = 'etcd' | 'controlplane' | 'worker';

export interface DesiredHost {
  address: string;
  internalAddress: string;
  /** hostname_override after RKE1 defaulting (lower-cased, defaults to address). */
  hostname: string;
  roles: Role[];
  /** prefix_path in effect on this host (OS-dependent when the cluster's is `/`). */
  prefixPath: string;
  /** Long-running containers, keyed by container name. */
  containers: Record<string, ContainerSpec>;
  files: FileSpec[];
  /** Certificate bundle keys cert-deployer writes on this host (pki/util.go getCertKeys union). */
  certificates: string[];
}

export interface DesiredCluster {
  kubernetesVersion: string;
  clusterName: string;
  hosts: DesiredHost[];
  etcdHosts: string[];
  controlPlaneHosts: string[];
  workerHosts: string[];
  /** Cloud provider name in effect ('' when none) and its config file content. */
  cloudProvider: { name: string; configFile: string };
  /** Whether the rolling snapshot container is wanted on etcd hosts. */
  etcdSnapshots: boolean;
  externalEtcd: boolean;
  /** rke-tools image used for snapshot containers (tag forced to the default version's). */
  etcdSnapshotImage: string;
  /** Images RKE1 uses for its helper containers. */
  images: { alpine: string; certDownloader: string; nginxProxy: string; sidecar: string };
}

/** What the executor observes on a node before planning (`docker info`). */
export interface NodeFacts {
  /** `DockerRootDir`, e.g. /var/lib/docker. */
  dockerRootDir: string;
  /** `Architecture`, e.g. x86_64 or aarch64. */
  architecture: string;
  /** `SecurityOptions` contains `selinux` / `name=selinux`. */
  selinuxEnabled: boolean;
  /** `OperatingSystem`; selects RKE1's per-OS prefix path (RancherOS, CoreOS, Flatcar, Boot2Docker). */
  operatingSystem?: string;
}
