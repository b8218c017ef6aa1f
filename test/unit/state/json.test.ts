import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseState, serializeState } from '../../../src/state/json.js';
import { StateFileError } from '../../../src/errors.js';
import { certObject } from '../../../src/pki/bundle.js';
import type { FullState } from '../../../src/state/types.js';

const goCa = readFileSync(fileURLToPath(new URL('../../fixtures/state/go-x509/ca.der', import.meta.url)));
const goKey = readFileSync(fileURLToPath(new URL('../../fixtures/state/go-x509/ca.key', import.meta.url)), 'utf8');
const caPem = `-----BEGIN CERTIFICATE-----\n${goCa.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

function sample(): FullState {
  return {
    desiredState: {
      rkeConfig: { nodes: [{ address: '10.0.0.1', role: ['etcd'] }], clusterName: 'local', addons: 'a: <b> & c' },
      certificatesBundle: { 'kube-ca': certObject('kube-ca', '', '', caPem, goKey) },
      encryptionConfig: 'apiVersion: apiserver.config.k8s.io/v1\n',
    },
    currentState: {},
  };
}

describe('serializeState (Go json.MarshalIndent layout)', () => {
  it('orders fields like the Go structs, omits empty ones, escapes <>& like Go', () => {
    const text = serializeState(sample());
    expect(text.startsWith('{\n  "desiredState": {\n    "rkeConfig": {')).toBe(true);
    expect(text).toContain('"addons": "a: \\u003cb\\u003e \\u0026 c"');
    expect(text.indexOf('"rkeConfig"')).toBeLessThan(text.indexOf('"certificatesBundle"'));
    expect(text.indexOf('"certificatesBundle"')).toBeLessThan(text.indexOf('"encryptionConfig"'));
    expect(text.endsWith('\n  },\n  "currentState": {}\n}')).toBe(true);
    const entry = JSON.parse(text).desiredState.certificatesBundle['kube-ca'];
    expect(Object.keys(entry)).toEqual([
      'certificatePEM',
      'keyPEM',
      'config',
      'name',
      'commonName',
      'ouName',
      'envName',
      'path',
      'keyEnvName',
      'keyPath',
      'configEnvName',
      'configPath',
    ]);
  });

  it('sorts certificate names (Go map order)', () => {
    const s = sample();
    s.desiredState.certificatesBundle = {
      'kube-proxy': certObject('kube-proxy', '', '', caPem, ''),
      'kube-ca': certObject('kube-ca', '', '', caPem, ''),
      'kube-etcd-10-0-0-1': certObject('kube-etcd-10-0-0-1', '', '', caPem, ''),
    };
    const names = Object.keys(JSON.parse(serializeState(s)).desiredState.certificatesBundle);
    expect(names).toEqual(['kube-ca', 'kube-etcd-10-0-0-1', 'kube-proxy']);
  });

  it('round trips: parse(serialize(x)) == x and serialize is stable', () => {
    const text = serializeState(sample());
    const back = parseState(text, 'cluster.rkestate');
    expect(back).toEqual(sample());
    expect(serializeState(back)).toBe(text);
  });
});

describe('parseState: corrupt or truncated files are errors naming the file and place', () => {
  const text = serializeState(sample());
  const err = (t: string): StateFileError => {
    try {
      parseState(t, '/tmp/cluster.rkestate');
    } catch (e) {
      expect(e).toBeInstanceOf(StateFileError);
      return e as StateFileError;
    }
    throw new Error('expected an error');
  };

  it('truncated JSON', () => {
    const e = err(text.slice(0, 200));
    expect(e.message).toMatch(/^\[state\] \/tmp\/cluster\.rkestate:\d+:\d+: invalid JSON/);
    expect(e.subject.file).toBe('/tmp/cluster.rkestate');
    expect(e.subject.line).toBeGreaterThan(1);
  });

  it('syntax error position', () => {
    const e = err('{\n  "desiredState": {\n    "rkeConfig": {,}\n  }\n}');
    expect(e.message).toContain('/tmp/cluster.rkestate:3:');
    expect(e.subject.line).toBe(3);
  });

  it('empty file', () => {
    expect(err('').message).toContain('state file is empty');
  });

  it('not a state file', () => {
    expect(err('[]').message).toContain('top level must be a JSON object');
    expect(err('{"apiVersion":"v1"}').message).toContain('neither desiredState nor currentState');
  });

  it('wrong field types', () => {
    expect(err('{"desiredState":{"certificatesBundle":{"kube-ca":{"certificatePEM":5}}}}').message).toContain(
      'desiredState.certificatesBundle["kube-ca"].certificatePEM must be a string',
    );
    expect(err('{"currentState":{"rkeConfig":"x"}}').message).toContain('currentState.rkeConfig must be an object');
  });

  it('a damaged certificate or key', () => {
    const s = sample();
    const ca = s.desiredState.certificatesBundle!['kube-ca']!;
    s.desiredState.certificatesBundle!['kube-ca'] = { ...ca, certificatePEM: ca.certificatePEM.replace(/A/g, 'B') };
    expect(err(serializeState(s)).message).toContain('certificate "kube-ca" in desiredState is corrupt (certificatePEM');
    s.desiredState.certificatesBundle!['kube-ca'] = { ...ca, keyPEM: ca.keyPEM.slice(0, 300) };
    expect(err(serializeState(s)).message).toContain('certificate "kube-ca" in desiredState is corrupt (keyPEM');
  });

  it('accepts null like Go (null ⇒ empty)', () => {
    expect(parseState('{"desiredState":null,"currentState":{"rkeConfig":null,"certificatesBundle":null}}', 'f')).toEqual({
      desiredState: {},
      currentState: {},
    });
  });
});
