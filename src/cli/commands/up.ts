import { Command, Option } from 'commander';
import { addCommonFlags, configOption, notImplemented } from '../common.js';

export function upCommand(): Command {
  const cmd = new Command('up')
    .description('Bring the cluster up')
    .addOption(configOption())
    .option('--local', 'Deploy Kubernetes cluster locally', false)
    .option('--dind', 'Deploy Kubernetes cluster in docker containers (experimental)', false)
    .addOption(new Option('--dind-storage-driver <driver>', 'Storage driver for the docker in docker containers (experimental)'))
    .option('--dind-dns-server <ip>', 'DNS resolver to be used by docker in docker container. Useful if host is running systemd-resovld', '8.8.8.8')
    .option('--update-only', 'Skip idempotent deployment of control and etcd plane', false)
    .option('--disable-port-check', 'Disable port check validation between nodes', false)
    .option('--init', 'Initiate RKE cluster', false)
    .option('--cert-dir <dir>', 'Specify a certificate dir path')
    .option('--custom-certs', 'Use custom certificates from a cert dir', false);
  return addCommonFlags(cmd).action(notImplemented('rke up'));
}
