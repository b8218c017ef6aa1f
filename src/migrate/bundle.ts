/**
 * The migration bundle as a list of files: per node its RKE2 tree (config.yaml, registries.yaml,
 * server TLS material, encryption config, extra files), the cluster token, the assessment and the
 * runbook. The snapshot itself is copied in by the caller; only its description is rendered here.
 */
import { assess, type AssessmentResult } from './assess.js';
import { clusterToken, deployedCertificates, encryptionFile, registriesYaml, tlsFiles } from './files.js';
import { nodeConfig, nodeFiles, renderConfigYaml } from './node-config.js';
import { RKE2_CONFIG_FILE, RKE2_REGISTRIES_FILE } from './paths.js';
import { assessmentJson, assessmentText } from './report.js';
import { renderRunbook } from './runbook.js';
import type { BundleFile, MigrationInput } from './types.js';

export interface RenderedBundle extends AssessmentResult {
  token: string;
  files: BundleFile[];
}

const nodePath = (name: string, path: string) => `nodes/${name}${path}`;

export function renderBundle(input: MigrationInput): RenderedBundle {
  const { assessment, effects } = assess(input);
  const certs = deployedCertificates(input.state);
  const tls = tlsFiles(certs);
  const token = clusterToken(certs['kube-ca']!.certificatePEM, input.tokenSecret);
  const encryption = encryptionFile(input.state, input.config);
  const registries = registriesYaml(input.config);
  const files: BundleFile[] = [];
  for (const node of assessment.nodes) {
    const config = nodeConfig(node, assessment.nodes, effects, token);
    files.push({ path: nodePath(node.name, RKE2_CONFIG_FILE), content: renderConfigYaml(node, config, assessment.clusterName), mode: 0o600 });
    if (registries) files.push({ path: nodePath(node.name, RKE2_REGISTRIES_FILE), content: registries, mode: 0o600 });
    for (const f of nodeFiles(node, effects)) files.push({ path: nodePath(node.name, f.path), content: f.content, mode: f.mode });
    if (node.rke2Role === 'server') {
      for (const f of tls) files.push({ path: nodePath(node.name, f.path), content: f.content, mode: f.mode });
      if (encryption) files.push({ path: nodePath(node.name, encryption.path), content: encryption.content, mode: encryption.mode });
    }
  }
  files.push({ path: 'cluster-token', content: `${token}\n`, mode: 0o600 });
  files.push({ path: 'assessment.txt', content: assessmentText(assessment), mode: 0o644 });
  files.push({ path: 'assessment.json', content: assessmentJson(assessment), mode: 0o644 });
  if (input.snapshot) files.push({ path: 'etcd-snapshot.json', content: `${JSON.stringify(input.snapshot, null, 2)}\n`, mode: 0o644 });
  files.push({ path: 'MIGRATION.md', content: renderRunbook(assessment, input.config, input.snapshot), mode: 0o644 });
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { assessment, effects, token, files };
}
