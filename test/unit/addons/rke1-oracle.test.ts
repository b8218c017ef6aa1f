/**
 * rke-ts's addon objects equal the objects RKE1's Go templates produce for the same config
 * (test/fixtures/addons/rke1-oracle/README.md says how those were made).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  corednsObjects,
  flannelObjects,
  ingressNginxObjects,
  metricsServerObjects,
  nodelocalObjects,
  parseManifestDocuments,
  toManifest,
  type AddonRenderInput,
  type K8sObject,
} from '../../../src/addons/index.js';
import { FIXTURES, defaultedInput, renderInput } from './fixtures.js';

const config = (name: string) => readFileSync(`${FIXTURES}configs/${name}.yml`, 'utf8');
const noRbac = (name: string) => defaultedInput(`${config(name)}\nauthorization:\n  mode: none\n`);

const CASES: Array<[string, () => AddonRenderInput, (i: AddonRenderInput) => K8sObject[]]> = [
  ['flannel-default', () => renderInput(config('flannel-default')), flannelObjects],
  ['flannel-options', () => renderInput(config('flannel-options')), flannelObjects],
  ['flannel-norbac', () => noRbac('flannel-default'), flannelObjects],
  ['coredns-default', () => renderInput(config('flannel-default')), corednsObjects],
  ['coredns-upstream', () => renderInput(config('coredns-upstream')), corednsObjects],
  ['coredns-norbac', () => noRbac('flannel-default'), corednsObjects],
  ['nodelocal-upstream', () => renderInput(config('coredns-upstream')), nodelocalObjects],
  ['metrics-default', () => renderInput(config('flannel-default')), metricsServerObjects],
  ['metrics-options', () => renderInput(config('flannel-options')), metricsServerObjects],
  ['ingress-default', () => renderInput(config('flannel-default')), ingressNginxObjects],
  ['ingress-options', () => renderInput(config('ingress-options')), ingressNginxObjects],
  ['ingress-hostport', () => renderInput(config('ingress-hostport')), ingressNginxObjects],
];

describe('addon objects equal RKE1’s', () => {
  for (const [name, input, render] of CASES) {
    it(name, () => {
      const expected: unknown[] = JSON.parse(readFileSync(`${FIXTURES}rke1-oracle/${name}.json`, 'utf8'));
      // Through the manifest text, as the deploy job's kubectl reads it.
      expect(parseManifestDocuments(toManifest(render(input())))).toEqual(expected);
    });
  }
});
