import { Command } from 'commander';
import { assessRke2Migration, writeRke2MigrationBundle } from '../../cluster/migrate.js';
import { log } from '../../log/logger.js';
import { assessmentJson, assessmentText } from '../../migrate/index.js';
import { addCommonFlags, configOption, outputOption } from '../common.js';

interface Rke2Flags {
  config: string;
  out?: string;
  output: 'text' | 'json';
  snapshot: boolean;
  live: boolean;
  sshAgentAuth: boolean;
  ignoreDockerVersion: boolean;
}

export function migrateCommand(): Command {
  const migrate = new Command('migrate').description('Move this cluster to another distribution (rke-ts extension)');
  const rke2 = new Command('rke2')
    .description('Assess how cluster.yml maps to RKE2; with --out, write a migration bundle (configs, certificates, verified etcd snapshot, runbook). Changes nothing on the nodes.')
    .addOption(configOption())
    .addOption(outputOption())
    .option('--out <dir>', 'Write the migration bundle into this (new or empty) directory')
    .option('--no-snapshot', 'Bundle without an etcd snapshot')
    .option('--no-live', 'Do not ask the live cluster for node names and version');
  migrate.addCommand(
    addCommonFlags(rke2).action(async (f: Rke2Flags) => {
      const common = { configPath: f.config, log, live: f.live, flags: { sshAgentAuth: f.sshAgentAuth, ignoreDockerVersion: f.ignoreDockerVersion } };
      const assessment = f.out
        ? (await writeRke2MigrationBundle({ ...common, outDir: f.out, snapshot: f.snapshot })).assessment
        : await assessRke2Migration(common);
      process.stdout.write(f.output === 'json' ? assessmentJson(assessment) : assessmentText(assessment));
    }),
  );
  return migrate;
}
