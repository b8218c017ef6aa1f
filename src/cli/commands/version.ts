import { Command } from 'commander';
import { formatServerVersion, serverVersion } from '../../cluster/util.js';
import { configOption } from '../common.js';

export function versionCommand(): Command {
  return new Command('version')
    .description('Show cluster Kubernetes version')
    .addOption(configOption())
    .action(async (f: { config: string }) => {
      process.stdout.write(`${formatServerVersion(await serverVersion(f.config))}\n`);
    });
}
