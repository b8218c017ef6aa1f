/** Shared test inputs: the v1.32 version fixture and default node facts. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KubernetesVersionInfo } from '../../../src/versions/types.js';
import type { DesiredStateInput, NodeFacts } from '../../../src/desired/index.js';
import type { DesiredConfigInput } from '../../../src/desired/input.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/desired/', import.meta.url));

export const VERSION: KubernetesVersionInfo = JSON.parse(readFileSync(`${FIXTURES}version-v1.32.json`, 'utf8'));

/** The rke-tools image of RKE 1.8's default version (tag forced onto snapshot containers). */
export const DEFAULT_RKE_TOOLS = 'rancher/rke-tools:v0.1.114';

export const DEFAULT_FACTS: NodeFacts = {
  dockerRootDir: '/var/lib/docker',
  architecture: 'x86_64',
  selinuxEnabled: false,
  operatingSystem: 'Debian GNU/Linux 12 (bookworm)',
};

export function inputFor(config: DesiredConfigInput, extra: Partial<DesiredStateInput> = {}, facts: NodeFacts = DEFAULT_FACTS): DesiredStateInput {
  const nodeFacts: Record<string, NodeFacts> = {};
  for (const n of config.nodes ?? []) nodeFacts[n.address ?? ''] = facts;
  return { config, version: VERSION, nodeFacts, defaultRkeToolsImage: DEFAULT_RKE_TOOLS, ...extra };
}
