import { describe, expect, it } from 'vitest';
import { configMapDecision, jobAction, MISSING_JOB, toManifest } from '../../../src/addons/index.js';

const MANIFEST = toManifest([{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'a', namespace: 'kube-system' } }]);
// The same object as RKE1's Go templates would write it: other indentation, quoting, comments, key order.
const RKE1_TEXT = '\n# Rancher specific\n---\nkind: ServiceAccount\napiVersion: "v1"\nmetadata:\n    namespace: kube-system\n    name: a\n';

describe('configMapDecision (RKE1 UpdateConfigMap)', () => {
  it('creates a missing ConfigMap and reports it as not updated (RKE1 addonUpdated=false)', () => {
    expect(configMapDecision(undefined, 'rke-x', MANIFEST)).toEqual({ change: 'create', updated: false });
  });

  it('leaves identical data alone', () => {
    expect(configMapDecision({ 'rke-x': MANIFEST }, 'rke-x', MANIFEST)).toEqual({ change: 'unchanged', updated: false });
  });

  it('updates when the manifest changed', () => {
    const other = MANIFEST.replace('name: a', 'name: b');
    expect(configMapDecision({ 'rke-x': other }, 'rke-x', MANIFEST)).toEqual({ change: 'update', updated: true });
  });

  it('updates when the data map has other keys (RKE1 compares the whole map)', () => {
    expect(configMapDecision({ 'rke-x': MANIFEST, extra: '' }, 'rke-x', MANIFEST).change).toBe('update');
    expect(configMapDecision({}, 'rke-x', MANIFEST).change).toBe('update');
  });

  it('treats RKE1-formatted text holding the same objects as unchanged', () => {
    expect(configMapDecision({ 'rke-x': RKE1_TEXT }, 'rke-x', MANIFEST)).toEqual({ change: 'unchanged', updated: false, sameObjectsOtherText: true });
  });

  it('does not confuse a YAML 1.1 boolean with the string it would be in YAML 1.2', () => {
    const stored = '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  mode: on\n';
    const desired = toManifest([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { mode: 'on' } }]);
    expect(configMapDecision({ 'rke-x': stored }, 'rke-x', desired).change).toBe('update');
  });

  it('updates when the stored text does not parse', () => {
    expect(configMapDecision({ 'rke-x': 'a: [' }, 'rke-x', MANIFEST).change).toBe('update');
  });
});

describe('jobAction (RKE1 ApplyK8sSystemJob)', () => {
  const done = { created: true, completed: true, removing: false };
  const failed = { created: true, completed: false, removing: false };

  it('creates a missing job', () => {
    expect(jobAction('rke-network-plugin', false, MISSING_JOB)).toBe('create');
    expect(jobAction('rke-network-plugin', true, MISSING_JOB)).toBe('create');
  });

  it('keeps a completed job when the ConfigMap did not change', () => {
    expect(jobAction('rke-network-plugin', false, done)).toBe('keep');
  });

  it('replaces the job when the ConfigMap changed', () => {
    expect(jobAction('rke-coredns-addon', true, done)).toBe('replace');
  });

  it('replaces a job that never completed', () => {
    expect(jobAction('rke-coredns-addon', false, failed)).toBe('replace');
  });

  it('always re-runs the user addon jobs', () => {
    expect(jobAction('rke-user-addon', false, done)).toBe('replace');
    expect(jobAction('rke-user-includes-addons', false, done)).toBe('replace');
  });
});
