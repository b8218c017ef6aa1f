/**
 * `scripts/lab up|status|down` (image builds and `prepare` are bash: scripts/lab, lab/images/).
 *   up --nodes N [--private-registry] [--json]   status [--json]   down [--json]
 */
import { labDown, labStatus, labUp } from './lab.js';

function usage(): never {
  process.stderr.write('usage: lab up --nodes N [--private-registry] [--json] | status [--json] | down [--json]\n');
  process.exit(2);
}

function flagValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  const json = args.includes('--json');
  const log = (line: string) => process.stderr.write(`[lab] ${line}\n`);
  switch (command) {
    case 'up': {
      const n = Number(flagValue(args, '--nodes') ?? '3');
      if (!Number.isInteger(n) || n < 1) usage();
      const info = await labUp({ nodes: n, privateRegistry: args.includes('--private-registry'), log });
      if (json) process.stdout.write(JSON.stringify(info, null, 2) + '\n');
      else {
        process.stdout.write(`lab up: ${info.nodes.length} node(s) on ${info.network} ${info.subnet}\n`);
        for (const node of info.nodes) {
          process.stdout.write(`  ${node.name}  ${node.address}  ${node.roles.join(',')}  (container ${node.container})\n`);
        }
        process.stdout.write(`  registry     ${info.registry ?? 'not running'}\n`);
        process.stdout.write(`  ssh key      ${info.sshKeyPath}\n  cluster.yml  ${info.clusterYmlPath}\n`);
      }
      return;
    }
    case 'status': {
      const s = await labStatus();
      if (json) {
        process.stdout.write(JSON.stringify(s, null, 2) + '\n');
        return;
      }
      process.stdout.write(`network ${s.network ? 'present' : 'absent'}; registry ${s.registry ?? 'not running'}; state ${s.stateDir}\n`);
      for (const n of s.nodes) {
        process.stdout.write(`  ${n.container}  ${n.address || '-'}  ${n.state}  ssh ${n.sshReady ? 'ready' : 'not ready'}\n`);
      }
      process.stdout.write(`  volumes: ${s.volumes.join(' ') || 'none'}\n`);
      return;
    }
    case 'down': {
      const r = await labDown();
      if (json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        process.stdout.write(`removed containers: ${r.containers.join(' ') || 'none'}\n`);
        process.stdout.write(`removed networks: ${r.networks.join(' ') || 'none'}\nremoved volumes: ${r.volumes.join(' ') || 'none'}\n`);
      }
      return;
    }
    default:
      usage();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`[lab] ERROR: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
