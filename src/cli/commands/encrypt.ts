import { Command } from 'commander';
import { addCommonFlags, configOption, notImplemented } from '../common.js';

export function encryptCommand(): Command {
  const encrypt = new Command('encrypt').description('Manage cluster encryption provider keys');
  const rotate = new Command('rotate-key').description('Rotate cluster encryption provider key').addOption(configOption());
  encrypt.addCommand(addCommonFlags(rotate).action(notImplemented('rke encrypt rotate-key')));
  return encrypt;
}
