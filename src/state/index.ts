/** Public API of the state layer (cluster.rkestate). */
export type { FullState, ClusterState, JsonObject, JsonValue } from './types.js';
export { emptyFullState } from './types.js';
export { stateFilePath, certificateDirPath, localKubeconfigPath } from './paths.js';
export { serializeState, parseState } from './json.js';
export { readStateFile, readStateFileIfExists, writeStateFile, writeFileAtomic, STATE_FILE_MODE } from './file.js';
export { rebuildState } from './rebuild.js';
export { withEtcdMembershipChanges } from './membership.js';
export type { RebuildStateOptions } from './rebuild.js';
export { initClusterState, loadAndRebuildState, writeLocalKubeconfig } from './init.js';
export type { InitClusterStateOptions } from './init.js';
