import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packTar, unpackTar, type TarEntry } from '../../../src/hosts/tar.js';

const segment = fc.stringMatching(/^[a-zA-Z0-9._-]{1,40}$/).filter((s) => s !== '.' && s !== '..');

describe('tar', () => {
  it('round-trips files and directories, long paths included', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            dirs: fc.array(segment, { maxLength: 6 }),
            base: segment,
            data: fc.uint8Array({ maxLength: 2000 }),
            mode: fc.constantFrom(0o600, 0o644, 0o755, 0o400),
          }),
          { selector: (r) => [...r.dirs, r.base].join('/'), maxLength: 8 },
        ),
        (files) => {
          const entries: TarEntry[] = files.map((f) => ({
            name: [...f.dirs, f.base].join('/'),
            type: 'file',
            data: Buffer.from(f.data),
            mode: f.mode,
          }));
          const back = unpackTar(packTar(entries));
          expect(back.map((e) => [e.name, e.type, e.mode, e.data?.toString('hex')])).toEqual(
            entries.map((e) => [e.name, 'file', e.mode, e.data?.toString('hex')]),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes archives GNU tar extracts with the right names, contents and modes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rke-ts-tar-'));
    try {
      const long = `${'a'.repeat(90)}/${'b'.repeat(90)}/${'c'.repeat(90)}.pem`;
      const archive = packTar([
        { name: 'etc/kubernetes/ssl', type: 'directory', mode: 0o700 },
        { name: 'etc/kubernetes/ssl/kube-ca.pem', type: 'file', data: Buffer.from('ca\n'), mode: 0o600 },
        { name: long, type: 'file', data: Buffer.from('long\n') },
        { name: 'link', type: 'symlink', linkName: 'etc/kubernetes/ssl/kube-ca.pem' },
      ]);
      writeFileSync(path.join(dir, 'a.tar'), archive);
      const out = path.join(dir, 'out');
      mkdirSync(out);
      execFileSync('tar', ['-xf', path.join(dir, 'a.tar'), '-C', out]);
      expect(readFileSync(path.join(out, 'etc/kubernetes/ssl/kube-ca.pem'), 'utf8')).toBe('ca\n');
      expect(statSync(path.join(out, 'etc/kubernetes/ssl/kube-ca.pem')).mode & 0o777).toBe(0o600);
      expect(statSync(path.join(out, 'etc/kubernetes/ssl')).mode & 0o777).toBe(0o700);
      expect(readFileSync(path.join(out, long), 'utf8')).toBe('long\n');
      expect(readFileSync(path.join(out, 'link'), 'utf8')).toBe('ca\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads archives written by GNU tar (pax and gnu formats)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rke-ts-tar-'));
    try {
      const src = path.join(dir, 'src');
      const long = `${'x'.repeat(120)}/${'y'.repeat(120)}.yaml`;
      mkdirSync(path.join(src, 'x'.repeat(120)), { recursive: true });
      writeFileSync(path.join(src, long), 'deep\n', { mode: 0o640 });
      writeFileSync(path.join(src, 'small.txt'), 'small\n');
      symlinkSync('small.txt', path.join(src, 'alias'));
      for (const format of ['pax', 'gnu']) {
        const tarFile = path.join(dir, `${format}.tar`);
        execFileSync('tar', [`--format=${format}`, '-cf', tarFile, '-C', src, 'small.txt', 'alias', long]);
        const entries = unpackTar(readFileSync(tarFile));
        const byName = new Map(entries.map((e) => [e.name, e]));
        expect(byName.get('small.txt')?.data?.toString()).toBe('small\n');
        expect(byName.get('alias')).toMatchObject({ type: 'symlink', linkName: 'small.txt' });
        expect(byName.get(long)?.data?.toString()).toBe('deep\n');
        expect(byName.get(long)?.mode).toBe(0o640);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a corrupted header', () => {
    const archive = packTar([{ name: 'f', type: 'file', data: Buffer.from('x') }]);
    archive[0] = 'g'.charCodeAt(0);
    expect(() => unpackTar(archive)).toThrow(/bad header checksum/);
  });
});
