/** Etcd snapshots: names, archive format, restore decisions, helper container specs (all pure). */
export * from './naming.js';
export * from './archive.js';
export * from './restore-plan.js';
export * from './s3.js';
export * from './containers.js';
export { listZipEntries, readZipEntry, ZipError, type ZipEntry } from './zip.js';
