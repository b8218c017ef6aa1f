/**
 * ContainerSpec → dockerode `ContainerCreateOptions`, field for field what RKE1's
 * services.GetProcessConfig sends (Go nil slices are omitted, not sent as []).
 */
import type { ContainerCreateOptions } from 'dockerode';
import type { ContainerSpec } from './types.js';

const nonEmpty = (l: readonly string[]): string[] | undefined => (l.length > 0 ? [...l] : undefined);

export function toDockerCreateOptions(spec: ContainerSpec): ContainerCreateOptions {
  const hostConfig: NonNullable<ContainerCreateOptions['HostConfig']> = {
    Binds: nonEmpty(spec.binds),
    VolumesFrom: nonEmpty(spec.volumesFrom),
    NetworkMode: spec.networkMode || undefined,
    PidMode: spec.pidMode || undefined,
    Privileged: spec.privileged,
    SecurityOpt: nonEmpty(spec.securityOpt),
  };
  if (spec.restartPolicy !== '') hostConfig.RestartPolicy = { Name: spec.restartPolicy };
  if (spec.logDriver) hostConfig.LogConfig = { Type: spec.logDriver, Config: {} };
  const options: ContainerCreateOptions = {
    name: spec.name,
    Image: spec.image,
    Entrypoint: nonEmpty(spec.entrypoint),
    Cmd: nonEmpty(spec.cmd),
    Env: nonEmpty(spec.env),
    Labels: Object.keys(spec.labels).length > 0 ? { ...spec.labels } : undefined,
    User: spec.user || undefined,
    Tty: spec.tty || undefined,
    HostConfig: hostConfig,
  };
  if (spec.portBindings && spec.portBindings.length > 0) {
    const exposed: Record<string, object> = {};
    const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
    for (const b of spec.portBindings) {
      exposed[b.containerPort] = {};
      (bindings[b.containerPort] ??= []).push({ HostIp: b.hostIp, HostPort: b.hostPort });
    }
    options.ExposedPorts = exposed;
    hostConfig.PortBindings = bindings;
  }
  // Drop undefined keys so the request body matches Go's omitted nil fields.
  for (const k of Object.keys(hostConfig) as (keyof typeof hostConfig)[]) if (hostConfig[k] === undefined) delete hostConfig[k];
  for (const k of Object.keys(options) as (keyof ContainerCreateOptions)[]) if (options[k] === undefined) delete options[k];
  return options;
}
