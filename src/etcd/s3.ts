/** S3 settings for snapshots: from `--s3*` CLI flags (RKE1 setS3OptionsFromCLI) or backup_config. Pure. */
import type { BackupConfigInput, S3BackupConfigInput } from '../desired/input.js';

export interface S3CliFlags {
  s3?: boolean;
  s3Endpoint?: string;
  /** Content of the --s3-endpoint-ca file (the CLI reads it). */
  s3EndpointCa?: string;
  accessKey?: string;
  secretKey?: string;
  bucketName?: string;
  region?: string;
  folder?: string;
}

export function s3FromCliFlags(f: S3CliFlags): S3BackupConfigInput | undefined {
  if (!f.s3) return undefined;
  return {
    endpoint: f.s3Endpoint ?? 's3.amazonaws.com',
    access_key: f.accessKey ?? '',
    secret_key: f.secretKey ?? '',
    bucket_name: f.bucketName ?? '',
    region: f.region ?? '',
    custom_ca: f.s3EndpointCa ?? '',
    folder: f.folder ?? '',
  };
}

/** `--s3` replaces backup_config.s3backupconfig, creating backup_config when absent (as RKE1 does). */
export function withS3(backup: BackupConfigInput | null | undefined, s3: S3BackupConfigInput | undefined): BackupConfigInput | undefined {
  if (!s3) return backup ?? undefined;
  return { ...(backup ?? {}), s3backupconfig: s3 };
}

/** The S3 settings snapshot commands use (RKE1 looks only at s3backupconfig being set), or undefined. */
export function effectiveS3(backup: BackupConfigInput | null | undefined): S3BackupConfigInput | undefined {
  return backup?.s3backupconfig ?? undefined;
}

/** RKE1 validation (cluster/validation.go) for S3 given on the command line too. */
export function s3Problems(s3: S3BackupConfigInput): string[] {
  const out: string[] = [];
  if (!s3.endpoint) out.push("etcd s3 backup backend endpoint can't be empty");
  if (!s3.bucket_name) out.push("etcd s3 backup backend bucketName can't be empty");
  return out;
}
