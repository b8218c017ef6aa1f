import { Command, Option } from 'commander';
import { NotImplementedError } from '../errors.js';

/** `--config` as on every RKE1 cluster command: default cluster.yml, env RKE_CONFIG. */
export function configOption(): Option {
  return new Option('--config <path>', 'Specify an alternate cluster YAML file')
    .default('cluster.yml')
    .env('RKE_CONFIG');
}

/** RKE1's "common flags" (cmd/common.go), appended to most cluster commands. */
export function addCommonFlags(cmd: Command): Command {
  return cmd
    .option('--ssh-agent-auth', 'Use SSH Agent Auth defined by SSH_AUTH_SOCK', false)
    .option('--ignore-docker-version', 'Disable Docker version check', false);
}

/** Output format for commands that can speak to machines (`--output json`). */
export function outputOption(): Option {
  return new Option('-o, --output <format>', 'Output format').choices(['text', 'json']).default('text');
}

/** Action for a command whose engine is not built yet: fails loudly, never succeeds silently. */
export function notImplemented(what: string): () => never {
  return () => {
    throw new NotImplementedError(what);
  };
}
