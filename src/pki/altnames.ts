/**
 * Subject alternative names, in the order RKE1 puts them (`pki/util.go GetAltNames`,
 * `GetIPHostAltnamesForHost`). Order matters: RKE1 regenerates kube-apiserver when the lists differ
 * in order, and certificates list DNS names before IPs.
 */
import type { PkiHost } from './input.js';
import { canonicalIp } from './ip.js';

export interface AltNames {
  dnsNames: string[];
  /** Canonical text (Go `net.IP.String()`). */
  ips: string[];
}

function addAddress(names: AltNames, value: string): void {
  const ip = canonicalIp(value);
  if (ip !== null) names.ips.push(ip);
  else names.dnsNames.push(value);
}

function addHost(names: AltNames, host: PkiHost): void {
  addAddress(names, host.address);
  if (host.internalAddress !== '' && host.internalAddress !== host.address) addAddress(names, host.internalAddress);
  if (host.hostnameOverride !== '' && host.hostnameOverride !== host.address) names.dnsNames.push(host.hostnameOverride);
}

/** SANs of one host (kubelet serving certificates). */
export function hostAltNames(host: PkiHost): AltNames {
  const names: AltNames = { dnsNames: [], ips: [] };
  addHost(names, host);
  return names;
}

/** SANs for kube-apiserver (controlplane hosts + extra SANs) and kube-etcd-* (etcd hosts, no extras). */
export function clusterAltNames(
  hosts: readonly PkiHost[],
  clusterDomain: string,
  serviceIps: readonly string[],
  extraSans: readonly string[],
): AltNames {
  const names: AltNames = { dnsNames: [], ips: [] };
  for (const host of hosts) addHost(names, host);
  for (const san of extraSans) addAddress(names, san);
  names.ips.push('127.0.0.1', ...serviceIps);
  names.dnsNames.push(
    'localhost',
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    `kubernetes.default.svc.${clusterDomain}`,
  );
  return names;
}

/** RKE1 compares kube-apiserver SANs as ordered lists. */
export function altNamesEqualOrdered(a: AltNames, b: AltNames): boolean {
  return sameList(a.dnsNames, b.dnsNames) && sameList(a.ips, b.ips);
}

/** RKE1 compares kube-etcd SANs as sorted lists (duplicates count). */
export function altNamesEqualSorted(a: AltNames, b: AltNames): boolean {
  return sameList([...a.dnsNames].sort(), [...b.dnsNames].sort()) && sameList([...a.ips].sort(), [...b.ips].sort());
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
