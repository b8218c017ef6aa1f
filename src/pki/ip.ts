/**
 * IP parsing and formatting with Go's `net` semantics, because RKE1 decides "IP SAN or DNS SAN"
 * with `net.ParseIP` and compares SANs with `net.IP.String()`. An IPv4 address (also when written
 * as IPv4-mapped IPv6) is 4 bytes, everything else 16 bytes; zones are not IPs.
 */
import { isIPv4, isIPv6 } from 'node:net';

function ipv4Bytes(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map((p) => Number(p)));
}

function ipv6Bytes(text: string): Uint8Array {
  let head = text;
  let tailV4: Uint8Array | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tailV4 = ipv4Bytes(text.slice(lastColon + 1));
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const [left = '', right] = head.split('::');
  const leftGroups = left === '' ? [] : left.split(':');
  const rightGroups = right === undefined || right === '' ? [] : right.split(':');
  const missing = 8 - leftGroups.length - rightGroups.length;
  const groups = right === undefined ? leftGroups : [...leftGroups, ...Array<string>(missing).fill('0'), ...rightGroups];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  if (tailV4) out.set(tailV4, 12);
  return out;
}

function isV4Mapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** Go `net.ParseIP(s)` followed by `To4()` when possible; null when s is not an IP. */
export function parseIp(text: string): Uint8Array | null {
  if (isIPv4(text)) return ipv4Bytes(text);
  if (!isIPv6(text) || text.includes('%')) return null;
  const b = ipv6Bytes(text);
  return isV4Mapped(b) ? b.slice(12) : b;
}

/** Go `net.IP.String()`: dotted quad for IPv4, RFC 5952 text for IPv6. */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) throw new Error(`invalid IP length ${bytes.length}`);
  if (isV4Mapped(bytes)) return Array.from(bytes.slice(12)).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  // longest run (≥2) of zero groups becomes "::" (first one wins on ties)
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Canonical text (Go `String()`) of an IP given as text, or null when it is not an IP. */
export function canonicalIp(text: string): string | null {
  const b = parseIp(text);
  return b ? formatIp(b) : null;
}

/**
 * RKE1 `GetKubernetesServiceIP`: for each comma-separated CIDR of service_cluster_ip_range, the
 * network address plus one. Entries are not trimmed (like RKE1).
 */
export function kubernetesServiceIps(serviceClusterIpRange: string): string[] {
  return serviceClusterIpRange.split(',').map((cidr) => {
    const slash = cidr.indexOf('/');
    const addr = slash < 0 ? null : parseIp(cidr.slice(0, slash));
    const prefixText = slash < 0 ? '' : cidr.slice(slash + 1);
    const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!addr || !(prefix <= addr.length * 8)) {
      throw new Error(
        `Failed to get kubernetes service IP from Kube API option [service_cluster_ip_range]: invalid CIDR address: ${cidr}`,
      );
    }
    const ip = Uint8Array.from(addr);
    for (let bit = prefix; bit < ip.length * 8; bit++) ip[bit >> 3] = (ip[bit >> 3] ?? 0) & ~(0x80 >> (bit & 7));
    for (let j = ip.length - 1; j >= 0; j--) {
      ip[j] = ((ip[j] ?? 0) + 1) & 0xff;
      if (ip[j] !== 0) break;
    }
    return formatIp(ip);
  });
}
