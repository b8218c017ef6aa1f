import { Command } from 'commander';
import { addCommonFlags, configOption, notImplemented } from '../common.js';

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

export function etcdCommand(): Command {
  const etcd = new Command('etcd').description('etcd snapshot save/restore operations in k8s cluster');

  const save = addS3Flags(
    new Command('snapshot-save')
      .description('Take snapshot on all etcd hosts')
      .addOption(configOption())
      .option('--name <name>', 'Specify snapshot name'),
  );
  etcd.addCommand(addCommonFlags(save).action(notImplemented('rke etcd snapshot-save')));

  const restore = addS3Flags(
    new Command('snapshot-restore')
      .description('Restore existing snapshot')
      .addOption(configOption())
      .requiredOption('--name <name>', 'Specify snapshot name')
      .option('--cert-dir <dir>', 'Specify a certificate dir path')
      .option('--custom-certs', 'Use custom certificates from a cert dir', false)
      .option('--use-local-state', 'Use local state file (do not check or use snapshot archive for state file)', false),
  );
  etcd.addCommand(addCommonFlags(restore).action(notImplemented('rke etcd snapshot-restore')));

  const list = new Command('snapshot-list')
    .description('List snapshots on etcd hosts (rke-ts extension)')
    .addOption(configOption());
  etcd.addCommand(addCommonFlags(list).action(notImplemented('rke etcd snapshot-list')));

  const remove = new Command('snapshot-remove')
    .description('Remove a snapshot from etcd hosts (rke-ts extension)')
    .addOption(configOption())
    .requiredOption('--name <name>', 'Specify snapshot name');
  etcd.addCommand(addCommonFlags(remove).action(notImplemented('rke etcd snapshot-remove')));
  return etcd;
}
