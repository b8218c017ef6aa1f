import { Command } from 'commander';
import { notImplemented } from '../common.js';

export function configCommand(): Command {
  const cmd = new Command('config')
    .description('Setup cluster configuration')
    .option('-n, --name <name>', 'Name of the configuration file', 'cluster.yml')
    .option('-e, --empty', 'Generate Empty configuration file', false)
    .option('-p, --print', 'Print configuration', false)
    .option('-s, --system-images', 'Generate the default system images', false)
    .option('-l, --list-version', 'List the default kubernetes version', false)
    .option('-a, --all', 'Used with -s and -l, get all available versions', false)
    .option('--version <version>', 'Generate the default system images for specific k8s versions');
  return cmd.action(notImplemented('rke config'));
}
