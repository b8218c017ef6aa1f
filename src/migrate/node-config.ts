/**
 * One node's RKE2 config.yaml: identity (name, addresses, join target, token), what its RKE1 roles
 * mean on RKE2 (split roles, role taints), then every effect of the assessment that reaches it.
 */
import { stringify } from 'yaml';
import { RKE2_SUPERVISOR_PORT } from './paths.js';
import type { ConfigEffect, ConfigValue, Effect, FileEffect, MigrationNode, Scope } from './types.js';

export function inScope(scope: Scope, node: MigrationNode): boolean {
  if (typeof scope === 'object') return scope.node === node.index;
  switch (scope) {
    case 'all':
      return true;
    case 'servers':
      return node.rke2Role === 'server';
    case 'agents':
      return node.rke2Role === 'agent';
    case 'first-server':
      return node.first;
  }
}

function set(out: Map<string, ConfigValue>, key: string, value: ConfigValue): void {
  if (Array.isArray(value)) {
    const before = out.get(key);
    const list = Array.isArray(before) ? before : [];
    out.set(key, [...list, ...value.filter((v) => !list.includes(v))]);
  } else out.set(key, value);
}

/** The join address every other node uses. */
export function joinUrl(first: MigrationNode): string {
  return `https://${first.internalAddress}:${RKE2_SUPERVISOR_PORT}`;
}

export function nodeConfig(node: MigrationNode, nodes: readonly MigrationNode[], effects: readonly Effect[], token: string): Map<string, ConfigValue> {
  const out = new Map<string, ConfigValue>();
  const first = nodes.find((n) => n.first);
  if (!node.first && first) set(out, 'server', joinUrl(first));
  set(out, 'token', token);
  set(out, 'node-name', node.name);
  set(out, 'node-ip', node.internalAddress);
  if (node.address !== node.internalAddress) set(out, 'node-external-ip', node.address);
  const roles = node.rke1Roles;
  if (node.rke2Role === 'server') {
    if (!roles.includes('etcd')) set(out, 'disable-etcd', true);
    if (!roles.includes('controlplane')) {
      set(out, 'disable-apiserver', true);
      set(out, 'disable-controller-manager', true);
      set(out, 'disable-scheduler', true);
    }
    // RKE1 keeps non-worker control-plane/etcd nodes free of workloads with these taints.
    if (!roles.includes('worker')) {
      if (roles.includes('controlplane')) set(out, 'node-taint', ['node-role.kubernetes.io/controlplane=true:NoSchedule']);
      if (roles.includes('etcd')) set(out, 'node-taint', ['node-role.kubernetes.io/etcd=true:NoExecute']);
    }
  }
  for (const e of effects) if (e.kind === 'config' && inScope(e.scope, node)) set(out, e.key, (e as ConfigEffect).value);
  return out;
}

export function nodeFiles(node: MigrationNode, effects: readonly Effect[]): FileEffect[] {
  return effects.filter((e): e is FileEffect => e.kind === 'file' && inScope(e.scope, node));
}

export function renderConfigYaml(node: MigrationNode, config: Map<string, ConfigValue>, clusterName: string): string {
  const header =
    `# RKE2 ${node.rke2Role} configuration for ${node.name} (${node.address}), migrated from RKE1 cluster "${clusterName}" by rke migrate rke2.\n` +
    `# Roles on RKE1: ${node.rke1Roles.join(', ')}.${node.first ? ' This server restores the etcd snapshot (see MIGRATION.md).' : ''}\n`;
  return header + stringify(Object.fromEntries(config), { lineWidth: 0 });
}
