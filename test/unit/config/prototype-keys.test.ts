import { describe, expect, it } from 'vitest';
import { parseClusterConfig } from '../../../src/config/parse.js';

// Found by the fuzz test: a key that names an Object.prototype member crashed the decoder.
describe('keys that name Object.prototype members', () => {
  for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
    it(`treats \`${key}\` as an unknown key, with a warning naming its path`, () => {
      const parsed = parseClusterConfig(`nodes:\n  - address: 10.0.0.1\n    ${key}: []\n    role: [etcd]\nservices:\n  ${key}: 1\n`);
      expect(parsed.config.nodes?.[0]?.address).toBe('10.0.0.1');
      expect(parsed.config.nodes?.[0]?.role).toEqual(['etcd']);
      expect(parsed.warnings.map((w) => w.path)).toEqual(expect.arrayContaining([`nodes[0].${key}`, `services.${key}`]));
    });
  }
});
