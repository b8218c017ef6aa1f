import { Command } from 'commander';
import { rotateEncryptionKey } from '../../cluster/encryption-rotate.js';
import { log } from '../../log/logger.js';
import { addCommonFlags, configOption } from '../common.js';

interface RotateKeyFlags {
  config: string;
  sshAgentAuth: boolean;
  ignoreDockerVersion: boolean;
}

export function encryptCommand(): Command {
  const encrypt = new Command('encrypt').description('Manage cluster encryption provider keys');
  const rotate = new Command('rotate-key').description('Rotate cluster encryption provider key').addOption(configOption());
  encrypt.addCommand(
    addCommonFlags(rotate).action(async (f: RotateKeyFlags) => {
      log.info('Running RKE version: rke-ts');
      await rotateEncryptionKey({
        configPath: f.config,
        flags: { sshAgentAuth: f.sshAgentAuth, ignoreDockerVersion: f.ignoreDockerVersion },
        ignoreDockerVersion: f.ignoreDockerVersion,
        log,
      });
    }),
  );
  return encrypt;
}
