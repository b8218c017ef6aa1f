import { Command } from 'commander';
import { addCommonFlags, configOption, notImplemented } from '../common.js';

export function removeCommand(): Command {
  const cmd = new Command('remove')
    .description('Teardown the cluster and clean cluster nodes')
    .addOption(configOption())
    .option('--force', 'Force removal of the cluster', false)
    .option('--local', 'Remove Kubernetes cluster locally', false)
    .option('--dind', 'Remove Kubernetes cluster deployed in dind mode', false);
  return addCommonFlags(cmd).action(notImplemented('rke remove'));
}
