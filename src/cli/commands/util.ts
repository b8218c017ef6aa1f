import { Command } from 'commander';
import { getKubeconfig, getStateFile } from '../../cluster/util.js';
import { log } from '../../log/logger.js';
import { addCommonFlags, configOption } from '../common.js';

export function utilCommand(): Command {
  const util = new Command('util').description('Various utilities to retrieve cluster related files and troubleshoot');
  const state = new Command('get-state-file').description('Retrieve state file from cluster').addOption(configOption());
  util.addCommand(addCommonFlags(state).action(async (f: { config: string }) => void (await getStateFile(f.config, log))));
  const kubeconfig = new Command('get-kubeconfig').description('Retrieve kubeconfig file from cluster state').addOption(configOption());
  util.addCommand(addCommonFlags(kubeconfig).action(async (f: { config: string }) => void (await getKubeconfig(f.config, log))));
  return util;
}
