/**
 * Node checks: cluster/validation.go validateDuplicateNodes, validateHostsOptions, ValidateHostCount and
 * cluster/hosts.go InvertIndexHosts (which runs first in RKE1 and is what reports an unknown role).
 */
import type { ConfigIssue } from './issues.js';
import type { ClusterConfig } from './schema/cluster.js';

const ROLES = new Set(['etcd', 'controlplane', 'worker']);
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** k8s.io/apimachinery validation.IsDNS1123Subdomain messages. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(value)) errors.push(DNS1123_SUBDOMAIN_MESSAGE);
  return errors;
}

export function validateRoles(config: ClusterConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  (config.nodes ?? []).forEach((node, i) => {
    (node.role ?? []).forEach((role, j) => {
      if (!ROLES.has(role)) {
        issues.push({ message: `Failed to recognize host [${node.address ?? ''}] role ${role}`, path: `nodes[${i}].role[${j}]` });
      }
    });
  });
  return issues;
}

export function validateDuplicateNodes(config: ClusterConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const addresses = new Set<string>();
  const hostnames = new Set<string>();
  (config.nodes ?? []).forEach((node, i) => {
    const address = node.address ?? '';
    const hostname = node.hostname_override ?? '';
    if (addresses.has(address)) issues.push({ message: `Cluster can't have duplicate node: ${address}`, path: `nodes[${i}].address` });
    addresses.add(address);
    if (hostnames.has(hostname)) {
      issues.push({ message: `Cluster can't have duplicate node: ${hostname}`, path: `nodes[${i}].hostname_override` });
    }
    hostnames.add(hostname);
  });
  return issues;
}

export function validateHostsOptions(config: ClusterConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  (config.nodes ?? []).forEach((node, i) => {
    const n = i + 1;
    if (!node.address) issues.push({ message: `Address for host (${n}) is not provided`, path: `nodes[${i}].address` });
    if (!node.user) issues.push({ message: `User for host (${n}) is not provided`, path: `nodes[${i}].user` });
    if (!node.role?.length) issues.push({ message: `Role for host (${n}) is not provided`, path: `nodes[${i}].role` });
    const hostname = node.hostname_override ?? '';
    const errors = dns1123SubdomainErrors(hostname);
    if (errors.length > 0) {
      issues.push({
        message: `Hostname_override [${hostname}] for host (${n}) is not valid: [${errors.join(' ')}]`,
        path: `nodes[${i}].hostname_override`,
      });
    }
  });
  return issues;
}

/** RKE1 checks this once hosts are connected; nothing about it needs a connection. */
export function validateHostCount(config: ClusterConfig): ConfigIssue[] {
  const hasEtcdHost = (config.nodes ?? []).some((node) => node.role?.includes('etcd'));
  const external = (config.services?.etcd?.external_urls ?? []).length > 0;
  if (!hasEtcdHost && !external) {
    return [{ message: 'Cluster must have at least one etcd plane host: please specify one or more etcd in cluster config', path: 'nodes' }];
  }
  if (hasEtcdHost && external) {
    return [{ message: "Cluster can't have both internal and external etcd", path: 'services.etcd.external_urls' }];
  }
  return [];
}
