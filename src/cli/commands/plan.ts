import { Command } from 'commander';
import { addCommonFlags, configOption, notImplemented, outputOption } from '../common.js';

/** rke-ts extension: a dry-run diff of what `rke up` would change. Exit 0 no change, 2 changes, 1 error. */
export function planCommand(): Command {
  const cmd = new Command('plan')
    .description('Show what `rke up` would change, per host and container, without changing anything')
    .addOption(configOption())
    .addOption(outputOption())
    .option('--disable-port-check', 'Disable port check validation between nodes', false);
  return addCommonFlags(cmd).action(notImplemented('rke plan'));
}
