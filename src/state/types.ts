/**
 * cluster.rkestate in memory. Same shape as RKE1's `cluster.FullState` JSON. `rkeConfig` stays an
 * opaque JSON object here (RKE1's camelCase JSON); src/config converts it (toRkeStateJson /
 * fromRkeStateJson).
 */
import type { CertificateBundle } from '../pki/bundle.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface ClusterState {
  rkeConfig?: JsonObject;
  certificatesBundle?: CertificateBundle;
  /** EncryptionConfiguration YAML (only when secrets encryption is enabled). */
  encryptionConfig?: string;
}

export interface FullState {
  desiredState: ClusterState;
  currentState: ClusterState;
}

export const emptyFullState = (): FullState => ({ desiredState: {}, currentState: {} });
