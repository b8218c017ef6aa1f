import { Command } from 'commander';
import { configOption, notImplemented } from '../common.js';

export function versionCommand(): Command {
  return new Command('version')
    .description('Show cluster Kubernetes version')
    .addOption(configOption())
    .action(notImplemented('rke version'));
}
