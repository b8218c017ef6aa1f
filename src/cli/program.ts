import { Command, CommanderError } from 'commander';
import { ExitCode, RkeError } from '../errors.js';
import { log } from '../log/logger.js';
import { auditCommand } from './commands/audit.js';
import { certCommand } from './commands/cert.js';
import { configCommand } from './commands/config.js';
import { encryptCommand } from './commands/encrypt.js';
import { etcdCommand } from './commands/etcd.js';
import { migrateCommand } from './commands/migrate.js';
import { planCommand } from './commands/plan.js';
import { removeCommand } from './commands/remove.js';
import { upCommand } from './commands/up.js';
import { utilCommand } from './commands/util.js';
import { versionCommand } from './commands/version.js';

export const RKE_TS_VERSION = '0.1.0';

/** The `rke` command tree, with RKE1's commands and global flags (shared/reference/rke1.md §1). */
export function buildProgram(): Command {
  const program = new Command('rke')
    .description('Rancher Kubernetes Engine, an extremely simple, lightning fast Kubernetes installer that works everywhere')
    .version(`v${RKE_TS_VERSION}`, '-v, --version', 'print the version')
    .option('-d, --debug', 'Debug logging', false)
    .option('-q, --quiet', 'Quiet mode, disables logging and only critical output will be printed', false)
    .option('--trace', 'Trace logging', false)
    .enablePositionalOptions()
    .showHelpAfterError()
    .hook('preAction', (thisCommand) => {
      const opts = thisCommand.opts<{ debug: boolean; quiet: boolean; trace: boolean }>();
      log.level = opts.quiet ? 'silent' : opts.trace ? 'trace' : opts.debug ? 'debug' : 'info';
    });

  for (const cmd of [
    upCommand(),
    planCommand(),
    removeCommand(),
    versionCommand(),
    configCommand(),
    etcdCommand(),
    certCommand(),
    encryptCommand(),
    utilCommand(),
    auditCommand(),
    migrateCommand(),
  ]) {
    program.addCommand(cmd);
  }
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  for (const sub of program.commands) exitOverrideDeep(sub);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? ExitCode.ok : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0
      return err.exitCode;
    }
    if (err instanceof RkeError) {
      log.level = log.level === 'silent' ? 'error' : log.level;
      log.error(err.message);
      if (err.cause && log.enabled('debug')) log.debug(String((err.cause as Error).stack ?? err.cause));
      return ExitCode.error;
    }
    log.level = log.level === 'silent' ? 'error' : log.level;
    log.error(err instanceof Error ? (log.enabled('debug') ? String(err.stack) : err.message) : String(err));
    return ExitCode.error;
  }
}

function exitOverrideDeep(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) exitOverrideDeep(sub);
}
