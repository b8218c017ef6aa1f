import type { ClusterConfig } from '../../../src/config/index.js';
import type { DesiredConfigInput } from '../../../src/desired/input.js';
declare const c: ClusterConfig;
export const x: DesiredConfigInput = c;
