import { Command } from 'commander';
import { generateCsrFiles } from '../../cluster/csr.js';
import { log } from '../../log/logger.js';
import { addCommonFlags, configOption, notImplemented } from '../common.js';

const ROTATABLE_SERVICES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'etcd'];

export function certCommand(): Command {
  const cert = new Command('cert').description('Certificates management for RKE cluster');

  const rotate = new Command('rotate')
    .description('Rotate RKE cluster certificates')
    .addOption(configOption())
    .option(
      '--service <name>',
      `Specify a k8s service to rotate certs, (allowed values: ${ROTATABLE_SERVICES.join(', ')})`,
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--rotate-ca', 'Rotate all certificates including CA certs', false);
  cert.addCommand(addCommonFlags(rotate).action(notImplemented('rke cert rotate')));

  const csr = new Command('generate-csr')
    .description('Generate certificate sign requests for k8s components')
    .addOption(configOption())
    .option('--cert-dir <dir>', 'Specify a certificate dir path');
  cert.addCommand(csr.action(async (f: { config: string; certDir?: string }) => void (await generateCsrFiles(f.config, f.certDir, log))));
  return cert;
}
