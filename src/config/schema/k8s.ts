/**
 * Kubernetes types embedded in cluster.yml.
 *
 * `tolerations` are decoded by RKE with yaml.v2, which uses the lower-cased Go field name for fields
 * that only carry a json tag: `tolerationseconds` in cluster.yml, `tolerationSeconds` in the state.
 * Update strategies are re-parsed by RKE with encoding/json, so they use the JSON keys everywhere.
 */
import { f, struct, str, int, intOrString } from '../schema-dsl.js';

export const toleration = struct('v1.Toleration', {
  key: f(str(), 'key,omitempty'),
  operator: f(str('Exists or Equal'), 'operator,omitempty'),
  value: f(str(), 'value,omitempty'),
  effect: f(str('NoSchedule, PreferNoSchedule or NoExecute'), 'effect,omitempty'),
  tolerationseconds: f(int('lower-cased: yaml.v2 reads the Go field name TolerationSeconds'), 'tolerationSeconds,omitempty', {
    pointer: true,
  }),
});

const rollingUpdateDaemonSet = struct(
  'v1.RollingUpdateDaemonSet',
  {
    maxUnavailable: f(intOrString(), 'maxUnavailable,omitempty', { pointer: true }),
    maxSurge: f(intOrString(), 'maxSurge,omitempty', { pointer: true }),
  },
  { jsonDecoded: true },
);

const rollingUpdateDeployment = struct(
  'v1.RollingUpdateDeployment',
  {
    maxUnavailable: f(intOrString(), 'maxUnavailable,omitempty', { pointer: true }),
    maxSurge: f(intOrString(), 'maxSurge,omitempty', { pointer: true }),
  },
  { jsonDecoded: true },
);

export const daemonSetUpdateStrategy = struct(
  'types.DaemonSetUpdateStrategy',
  {
    strategy: f(str('RollingUpdate or OnDelete'), 'strategy,omitempty'),
    rollingUpdate: f(rollingUpdateDaemonSet, 'rollingUpdate,omitempty', { pointer: true }),
  },
  { jsonDecoded: true },
);

export const deploymentStrategy = struct(
  'types.DeploymentStrategy',
  {
    strategy: f(str('RollingUpdate or Recreate'), 'strategy,omitempty'),
    rollingUpdate: f(rollingUpdateDeployment, 'rollingUpdate,omitempty', { pointer: true }),
  },
  { jsonDecoded: true },
);
