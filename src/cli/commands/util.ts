import { Command } from 'commander';
import { addCommonFlags, configOption, notImplemented } from '../common.js';

export function utilCommand(): Command {
  const util = new Command('util').description('Various utilities to retrieve cluster related files and troubleshoot');
  const state = new Command('get-state-file')
    .description('Retrieve state file from cluster')
    .addOption(configOption());
  util.addCommand(addCommonFlags(state).action(notImplemented('rke util get-state-file')));
  const kubeconfig = new Command('get-kubeconfig')
    .description('Retrieve kubeconfig file from cluster state')
    .addOption(configOption());
  util.addCommand(addCommonFlags(kubeconfig).action(notImplemented('rke util get-kubeconfig')));
  return util;
}
