import { Command } from 'commander';
import { generateCsrFiles } from '../../cluster/csr.js';
import { rotateCertificates } from '../../cluster/rotate.js';
import { log } from '../../log/logger.js';
import { addCommonFlags, configOption } from '../common.js';

const ROTATABLE_SERVICES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'etcd'];

interface RotateFlags {
  config: string;
  service: string[];
  rotateCa: boolean;
  sshAgentAuth: boolean;
  ignoreDockerVersion: boolean;
}

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
  cert.addCommand(
    addCommonFlags(rotate).action(async (f: RotateFlags) => {
      log.info('Running RKE version: rke-ts');
      await rotateCertificates({
        configPath: f.config,
        flags: { sshAgentAuth: f.sshAgentAuth, ignoreDockerVersion: f.ignoreDockerVersion },
        ignoreDockerVersion: f.ignoreDockerVersion,
        services: f.service,
        rotateCa: f.rotateCa,
        log,
      });
    }),
  );

  const csr = new Command('generate-csr')
    .description('Generate certificate sign requests for k8s components')
    .addOption(configOption())
    .option('--cert-dir <dir>', 'Specify a certificate dir path');
  cert.addCommand(csr.action(async (f: { config: string; certDir?: string }) => void (await generateCsrFiles(f.config, f.certDir, log))));
  return cert;
}
