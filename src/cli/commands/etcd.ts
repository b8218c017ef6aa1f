import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { snapshotList, snapshotRemove, snapshotSave } from '../../cluster/snapshot.js';
import { snapshotRestore } from '../../cluster/snapshot-restore.js';
import { ConfigError } from '../../errors.js';
import type { S3CliFlags } from '../../etcd/index.js';
import { log } from '../../log/logger.js';
import { addCommonFlags, configOption, outputOption } from '../common.js';

function addS3Flags(cmd: Command): Command {
  return cmd
    .option('--s3', 'Enabled backup to s3', false)
    .option('--s3-endpoint <endpoint>', 'Specify s3 endpoint url', 's3.amazonaws.com')
    .option('--s3-endpoint-ca <file>', 'Specify a custom CA cert to connect to S3 endpoint')
    .option('--access-key <key>', 'Specify s3 accessKey')
    .option('--secret-key <key>', 'Specify s3 secretKey')
    .option('--bucket-name <name>', 'Specify s3 bucket name')
    .option('--region <region>', 'Specify the s3 bucket location (optional)')
    .option('--folder <folder>', 'Specify s3 folder name');
}

interface CommonFlags {
  config: string;
  sshAgentAuth: boolean;
  ignoreDockerVersion: boolean;
}

interface S3Flags {
  s3: boolean;
  s3Endpoint: string;
  s3EndpointCa?: string;
  accessKey?: string;
  secretKey?: string;
  bucketName?: string;
  region?: string;
  folder?: string;
}

/** RKE1 setS3OptionsFromCLI: --s3-endpoint-ca names a file whose content becomes custom_ca. */
async function s3Options(f: S3Flags): Promise<S3CliFlags | undefined> {
  if (!f.s3) return undefined;
  let ca: string | undefined;
  if (f.s3EndpointCa) {
    try {
      ca = await readFile(f.s3EndpointCa, 'utf8');
    } catch (err) {
      throw new ConfigError(`failed to read s3-endpoint-ca [${f.s3EndpointCa}]: ${(err as Error).message}`, { file: f.s3EndpointCa });
    }
  }
  return {
    s3: true,
    s3Endpoint: f.s3Endpoint,
    ...(ca !== undefined ? { s3EndpointCa: ca } : {}),
    ...(f.accessKey !== undefined ? { accessKey: f.accessKey } : {}),
    ...(f.secretKey !== undefined ? { secretKey: f.secretKey } : {}),
    ...(f.bucketName !== undefined ? { bucketName: f.bucketName } : {}),
    ...(f.region !== undefined ? { region: f.region } : {}),
    ...(f.folder !== undefined ? { folder: f.folder } : {}),
  };
}

async function common(f: CommonFlags & Partial<S3Flags>) {
  const s3 = f.s3 ? await s3Options(f as S3Flags) : undefined;
  return {
    configPath: f.config,
    flags: { sshAgentAuth: f.sshAgentAuth, ignoreDockerVersion: f.ignoreDockerVersion },
    ignoreDockerVersion: f.ignoreDockerVersion,
    ...(s3 ? { s3 } : {}),
    log,
  };
}

const kib = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`);

export function etcdCommand(): Command {
  const etcd = new Command('etcd').description('etcd snapshot save/restore operations in k8s cluster');

  const save = addS3Flags(
    new Command('snapshot-save')
      .description('Take snapshot on all etcd hosts')
      .addOption(configOption())
      .option('--name <name>', 'Specify snapshot name'),
  );
  etcd.addCommand(
    addCommonFlags(save).action(async (f: CommonFlags & S3Flags & { name?: string }) => {
      log.info('Running RKE version: rke-ts');
      await snapshotSave({ ...(await common(f)), ...(f.name ? { name: f.name } : {}) });
    }),
  );

  const restore = addS3Flags(
    new Command('snapshot-restore')
      .description('Restore existing snapshot')
      .addOption(configOption())
      .requiredOption('--name <name>', 'Specify snapshot name')
      .option('--cert-dir <dir>', 'Specify a certificate dir path')
      .option('--custom-certs', 'Use custom certificates from a cert dir', false)
      .option('--use-local-state', 'Use local state file (do not check or use snapshot archive for state file)', false),
  );
  etcd.addCommand(
    addCommonFlags(restore).action(async (f: CommonFlags & S3Flags & { name: string; certDir?: string; customCerts: boolean; useLocalState: boolean }) => {
      log.info('Running RKE version: rke-ts');
      await snapshotRestore({
        ...(await common(f)),
        name: f.name,
        useLocalState: f.useLocalState,
        customCerts: f.customCerts,
        ...(f.certDir ? { certDir: f.certDir } : {}),
      });
    }),
  );

  const list = new Command('snapshot-list')
    .description('List snapshots on etcd hosts (rke-ts extension)')
    .addOption(configOption())
    .addOption(outputOption());
  etcd.addCommand(
    addCommonFlags(list).action(async (f: CommonFlags & { output: 'text' | 'json' }) => {
      const hosts = await snapshotList(await common(f));
      if (f.output === 'json') {
        process.stdout.write(`${JSON.stringify(hosts, null, 2)}\n`);
        return;
      }
      const lines = ['HOST\tNAME\tKIND\tSIZE\tTIME'];
      for (const h of hosts) {
        for (const snap of h.snapshots) {
          lines.push([h.host, snap.name, snap.rolling ? `${snap.kind} (recurring)` : snap.kind, kib(snap.size), new Date(snap.mtime * 1000).toISOString()].join('\t'));
        }
        if (h.snapshots.length === 0) lines.push(`${h.host}\t(no snapshots)\t\t\t`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    }),
  );

  const remove = addS3Flags(
    new Command('snapshot-remove')
      .description('Remove a snapshot from etcd hosts (and from S3 when configured) (rke-ts extension)')
      .addOption(configOption())
      .requiredOption('--name <name>', 'Specify snapshot name'),
  );
  etcd.addCommand(
    addCommonFlags(remove).action(async (f: CommonFlags & S3Flags & { name: string }) => {
      await snapshotRemove({ ...(await common(f)), name: f.name });
    }),
  );
  return etcd;
}
