import type { ContainerSpec } from '../types.js';

/** A one-shot helper container: no restart policy, no labels, default network, started. */
export function oneShot(spec: Partial<ContainerSpec> & Pick<ContainerSpec, 'name' | 'image'>): ContainerSpec {
  return {
    entrypoint: [],
    cmd: [],
    env: [],
    binds: [],
    volumesFrom: [],
    labels: {},
    networkMode: '',
    pidMode: '',
    privileged: false,
    restartPolicy: '',
    securityOpt: [],
    start: true,
    ...spec,
  };
}
