import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStateFile, readStateFileIfExists, writeFileAtomic, writeStateFile } from '../../../src/state/file.js';
import { StateFileError } from '../../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'rke-ts-state-'));

describe('state file I/O', () => {
  it('writes mode 0600 for a new file and keeps the mode of an existing one', async () => {
    const p = join(dir, 'a.rkestate');
    await writeStateFile(p, { desiredState: {}, currentState: {} });
    expect(statSync(p).mode & 0o777).toBe(0o600);
    expect(readFileSync(p, 'utf8')).toBe('{\n  "desiredState": {},\n  "currentState": {}\n}');
    chmodSync(p, 0o640);
    await writeStateFile(p, { desiredState: { encryptionConfig: 'x' }, currentState: {} });
    expect(statSync(p).mode & 0o777).toBe(0o640);
    expect((await readStateFile(p)).desiredState.encryptionConfig).toBe('x');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('missing vs corrupt', async () => {
    expect(await readStateFileIfExists(join(dir, 'nope.rkestate'))).toBeUndefined();
    await expect(readStateFile(join(dir, 'nope.rkestate'))).rejects.toThrow('Can not find RKE state file');
    const bad = join(dir, 'bad.rkestate');
    writeFileSync(bad, '{"desiredState": {');
    await expect(readStateFileIfExists(bad)).rejects.toBeInstanceOf(StateFileError);
  });

  it('a failed write leaves the old file and no temp file', async () => {
    const p = join(dir, 'sub-missing', 'x.rkestate');
    await expect(writeFileAtomic(p, 'data')).rejects.toBeInstanceOf(StateFileError);
  });
});

describe('kill -9 during repeated writes', () => {
  let script: string;
  beforeAll(async () => {
    script = join(dir, 'writer.mjs');
    const entry = join(dir, 'writer-entry.ts');
    const fileTs = fileURLToPath(new URL('../../../src/state/file.ts', import.meta.url));
    // the child alternates between two big states (≈2 MB each) as fast as it can
    writeFileSync(
      entry,
      `import { writeStateFile } from ${JSON.stringify(fileTs)};
const path = process.argv[2];
const big = (tag) => ({ desiredState: { rkeConfig: { tag, pad: tag.repeat(2_000_000) } }, currentState: {} });
const states = [big('a'), big('b')];
process.stdout.write('ready\\n');
for (let i = 0; ; i++) await writeStateFile(path, states[i % 2]);
`,
    );
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'silent' });
  }, 60_000);

  it('the file is always a whole old or new state', async () => {
    const p = join(dir, 'killed.rkestate');
    const seen = new Set<string>();
    for (let round = 0; round < 12; round++) {
      const child = spawn(process.execPath, [script, p], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 400));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const state = await readStateFileIfExists(p);
      if (state === undefined) continue; // killed before the first rename
      const tag = (state.desiredState.rkeConfig as { tag: string }).tag;
      expect(['a', 'b']).toContain(tag);
      expect((state.desiredState.rkeConfig as { pad: string }).pad.length).toBe(2_000_000);
      seen.add(tag);
    }
    expect(seen.size).toBeGreaterThan(0);
    // temp files of killed writers are cleaned up by the next write
    await writeStateFile(p, { desiredState: {}, currentState: {} });
    expect(readdirSync(dir).filter((f) => f.startsWith('.killed.rkestate.tmp-'))).toEqual([]);
  }, 120_000);
});
