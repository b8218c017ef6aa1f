/**
 * rke-ts library API. The CLI is a thin layer over what is exported here.
 *
 *   import { up, plan, remove } from 'rke-ts';
 *   const p = await plan({ configPath: 'cluster.yml', log: new Logger('warn') });
 */
export { RkeError, ConfigError, HostError, StateFileError, NotImplementedError, ExitCode } from './errors.js';
export { Logger, log } from './log/logger.js';
export { plan, initState, type ClusterCommandOptions, type UpResult } from './cluster/up.js';
// `up` as the CLI runs it: the plan executed, with secrets-encryption changes reconciled around it
export { upReconcilingEncryption as up } from './cluster/up-encryption.js';
export { remove } from './cluster/remove.js';
export { getKubeconfig, getStateFile, serverVersion } from './cluster/util.js';
export { generateCsrFiles } from './cluster/csr.js';
export type { Plan, PlanStep, PlanPhase, PhaseName, StepAction, FieldChange } from './plan/types.js';
export { planHasChanges, planSteps } from './plan/types.js';
export { loadClusterConfig, parseClusterConfig, clusterConfigJsonSchema, type ClusterConfig, type ConfigIssue } from './config/index.js';
export { loadVersionTable, loadVersionTableAsync, type VersionTable } from './versions/index.js';
export type { ExecEvent, ExecListener } from './execute/events.js';
export { enableFipsMode, fipsModeEnabled, nodeFipsStatus, checkClusterFips, fipsViolations, FipsError, type NodeFipsStatus, type FipsViolation } from './fips/index.js';
export { assessRke2Migration, writeRke2MigrationBundle, type MigrateRke2Options, type MigrateBundleOptions, type MigrateBundleResult } from './cluster/migrate.js';
export { auditCluster, type AuditOptions, type ClusterAudit } from './cluster/audit.js';
export { applyProfile, PROFILE_NAMES, type ProfileName, type ProfileOverlay } from './profile/index.js';
export { snapshotSave, snapshotList, snapshotRemove, type SnapshotCommandOptions, type SnapshotSaveResult, type HostSnapshots } from './cluster/snapshot.js';
export { snapshotRestore, SnapshotRestoreError, type SnapshotRestoreOptions, type SnapshotRestoreResult } from './cluster/snapshot-restore.js';
export { readSnapshotArchive, verifyEtcdSnapshotDb, defaultSnapshotName, SnapshotFileError, type SnapshotContents, type SnapshotEntry } from './etcd/index.js';
export { rotateCertificates, type RotateCertificatesOptions, type RotateCertificatesResult } from './cluster/rotate.js';
export { rotateEncryptionKey, type RotateEncryptionKeyResult } from './cluster/encryption-rotate.js';
