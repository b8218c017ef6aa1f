/** RKE1 → RKE2 migration: assessment and bundle rendering (pure). The effectful part is src/cluster/migrate.ts. */
export type { Assessment, AssessmentItem, BundleFile, LiveCluster, MappingStatus, MigrationInput, MigrationNode, SnapshotInfo } from './types.js';
export { MAPPING_STATUSES } from './types.js';
export { assess, migrationNodes, type AssessmentResult } from './assess.js';
export { renderBundle, type RenderedBundle } from './bundle.js';
export { assessmentJson, assessmentText } from './report.js';
export { clusterToken, tlsFiles } from './files.js';
export { configLeaves, schemaLeafPatterns } from './leaves.js';
export { ruleFor } from './rules.js';
export { SNAPSHOT_FILE, RESTORE_PATH } from './runbook.js';
export * from './paths.js';
