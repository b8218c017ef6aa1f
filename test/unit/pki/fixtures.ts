import type { PkiInput } from '../../../src/pki/input.js';

/** 3 nodes: mixed roles, an internal address, a hostname override, an IPv6 and a DNS extra SAN. */
export function threeNodeInput(overrides: Partial<PkiInput> = {}): PkiInput {
  return {
    clusterName: 'local',
    nodes: [
      { address: '10.0.0.1', internalAddress: '172.16.0.1', hostnameOverride: 'CP-1', roles: ['controlplane', 'etcd'] },
      { address: '10.0.0.2', roles: ['controlplane', 'etcd', 'worker'] },
      { address: 'node3.example.com', roles: ['etcd', 'worker'] },
    ],
    serviceClusterIpRange: '10.43.0.0/16',
    clusterDomain: 'cluster.local',
    sans: ['lb.example.com', '192.168.1.10', 'fd00::10'],
    generateServingCertificate: true,
    ...overrides,
  };
}

export const silentLog = { info: (): void => {}, debug: (): void => {}, warn: (): void => {} };
