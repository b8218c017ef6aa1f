/**
 * Golden addon manifests: every cluster.yml under test/fixtures/addons/configs/ renders (RKE1
 * defaults applied, built-in v1.32 table) to the committed text under golden/. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/unit/addons/golden.test.ts` and review the diff against the
 * KDM templates before committing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addonSteps, parseManifestDocuments, type AddonStep } from '../../../src/addons/index.js';
import { FIXTURES, renderInput } from './fixtures.js';

const CONFIGS = `${FIXTURES}configs/`;
const GOLDEN = `${FIXTURES}golden/`;
const update = process.env.UPDATE_GOLDEN === '1';
const files = readdirSync(CONFIGS).filter((f) => f.endsWith('.yml')).sort();

function describeStep(step: AddonStep): string {
  switch (step.action) {
    case 'deploy':
      return `# deploy ${step.resource} (critical: ${step.critical})\n${step.manifest}`;
    case 'remove':
      return `# remove ${step.resource} if its deploy job exists\n`;
    case 'log':
      return `# log: ${step.message}\n`;
    case 'renderError':
      return `# render error ${step.resource}: ${step.error.message}\n`;
  }
}

function render(file: string): { text: string; steps: AddonStep[] } {
  const steps = addonSteps(renderInput(readFileSync(`${CONFIGS}${file}`, 'utf8')));
  return { text: steps.map(describeStep).join(''), steps };
}

describe('addon manifest goldens', () => {
  for (const file of files) {
    it(file, () => {
      const { text, steps } = render(file);
      const goldenPath = `${GOLDEN}${file.replace(/\.yml$/, '.yaml')}`;
      if (update || !existsSync(goldenPath)) {
        if (!update) throw new Error(`missing golden ${goldenPath}: run with UPDATE_GOLDEN=1`);
        writeFileSync(goldenPath, text);
      }
      expect(text).toBe(readFileSync(goldenPath, 'utf8'));
      for (const step of steps) {
        if (step.action !== 'deploy') continue;
        for (const doc of parseManifestDocuments(step.manifest)) {
          const object = doc as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
          expect(typeof object.apiVersion, `${step.resource}: apiVersion`).toBe('string');
          expect(typeof object.kind, `${step.resource}: kind`).toBe('string');
          expect(typeof object.metadata?.name, `${step.resource}: metadata.name`).toBe('string');
        }
      }
    });
  }
});
