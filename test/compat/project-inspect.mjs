#!/usr/bin/env node
/**
 * stdin: `docker inspect` JSON array of a node's containers; stdout: the same containers, without
 * kubelet's pod containers (k8s_*), reduced to what decides how RKE runs them, sorted by name.
 * Kept: every field the issue names (name, image, entrypoint, cmd, args, env, binds, labels, network
 * mode, pid mode, privileged, restart policy, user, security opts) plus volumes-from, port bindings,
 * tty, log driver, working dir, run state and the container/image IDs (for takeover and for context).
 * Dropped: Docker's bookkeeping (GraphDriver, NetworkSettings, Mounts, ...) which RKE does not set.
 */
import process from 'node:process';

let raw = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) raw += chunk;
const list = JSON.parse(raw || '[]');

const projected = list
  .filter((c) => !c.Name.replace(/^\//, '').startsWith('k8s_'))
  .map((c) => ({
    name: c.Name.replace(/^\//, ''),
    id: c.Id,
    created: c.Created,
    imageId: c.Image,
    image: c.Config.Image,
    entrypoint: c.Config.Entrypoint ?? null,
    cmd: c.Config.Cmd ?? null,
    path: c.Path,
    args: c.Args ?? [],
    env: c.Config.Env ?? [],
    labels: c.Config.Labels ?? {},
    user: c.Config.User ?? '',
    workingDir: c.Config.WorkingDir ?? '',
    tty: c.Config.Tty ?? false,
    binds: c.HostConfig.Binds ?? null,
    volumesFrom: c.HostConfig.VolumesFrom ?? null,
    networkMode: c.HostConfig.NetworkMode,
    pidMode: c.HostConfig.PidMode,
    privileged: c.HostConfig.Privileged,
    restartPolicy: c.HostConfig.RestartPolicy,
    securityOpt: c.HostConfig.SecurityOpt ?? null,
    portBindings: c.HostConfig.PortBindings ?? {},
    logDriver: c.HostConfig.LogConfig?.Type ?? '',
    state: { status: c.State.Status, running: c.State.Running, exitCode: c.State.ExitCode },
  }))
  .sort((a, b) => a.name.localeCompare(b.name));

process.stdout.write(`${JSON.stringify(projected, null, 2)}\n`);
