/**
 * cluster.yml values → the Kubernetes JSON RKE1's templates emit for them (Go json.Marshal of the
 * k8s API types, so empty fields are left out as `omitempty` does).
 */
import type { ClusterConfig, DnsConfig } from '../config/index.js';

type Toleration = NonNullable<NonNullable<ClusterConfig['network']>['tolerations']>[number];
type DaemonSetStrategy = NonNullable<NonNullable<ClusterConfig['network']>['update_strategy']>;
type DeploymentStrategy = NonNullable<DnsConfig['update_strategy']>;

export interface K8sToleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export function k8sTolerations(tolerations: readonly Toleration[] | undefined): K8sToleration[] {
  return (tolerations ?? []).map((t) => {
    const out: K8sToleration = {};
    if (t.key) out.key = t.key;
    if (t.operator) out.operator = t.operator;
    if (t.value) out.value = t.value;
    if (t.effect) out.effect = t.effect;
    if (t.tolerationseconds !== undefined && t.tolerationseconds !== null) out.tolerationSeconds = t.tolerationseconds;
    return out;
  });
}

interface RollingUpdate {
  maxUnavailable?: number | string;
  maxSurge?: number | string;
}

function rollingUpdate(r: { maxUnavailable?: number | string | null; maxSurge?: number | string | null } | undefined | null): RollingUpdate | undefined {
  if (!r) return undefined;
  const out: RollingUpdate = {};
  if (r.maxUnavailable !== undefined && r.maxUnavailable !== null) out.maxUnavailable = r.maxUnavailable;
  if (r.maxSurge !== undefined && r.maxSurge !== null) out.maxSurge = r.maxSurge;
  return out;
}

export interface K8sUpdateStrategy {
  type?: string;
  rollingUpdate?: RollingUpdate;
}

/** appsv1.DaemonSetUpdateStrategy / DeploymentStrategy {Type: strategy, RollingUpdate: rollingUpdate}. */
export function k8sUpdateStrategy(s: DaemonSetStrategy | DeploymentStrategy | undefined | null): K8sUpdateStrategy {
  const out: K8sUpdateStrategy = {};
  if (!s) return out;
  if (s.strategy) out.type = s.strategy;
  const ru = rollingUpdate(s.rollingUpdate);
  if (ru) out.rollingUpdate = ru;
  return out;
}

/** A node selector as the templates render it: every value a string, keys in Go map (sorted) order. */
export function sortedStringMap(map: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map ?? {}).sort()) out[key] = String(map![key]);
  return out;
}

export const isEmptyMap = (map: Record<string, unknown> | undefined): boolean => !map || Object.keys(map).length === 0;
