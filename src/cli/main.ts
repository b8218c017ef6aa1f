#!/usr/bin/env node
import { log } from '../log/logger.js';
import { runCli } from './program.js';

// `rke config --system-images | head`: a closed pipe ends output quietly, like a Go CLI.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

let finished = false;
// Node exits when nothing keeps the event loop alive, even with the command's promise pending
// (e.g. every socket gone). That must never look like success.
process.on('beforeExit', () => {
  if (finished) return;
  log.error('rke stopped before the command finished: every connection it was waiting on went away');
  process.exitCode = 1;
  finished = true;
});

// No top-level await: the same entry is bundled to CommonJS for the single-file binaries.
void runCli(process.argv.slice(2)).then((code) => {
  finished = true;
  process.exitCode = code;
});
