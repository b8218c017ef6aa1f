#!/usr/bin/env node
import { runCli } from './program.js';

// `rke config --system-images | head`: a closed pipe ends output quietly, like a Go CLI.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

// No top-level await: the same entry is bundled to CommonJS for the single-file binaries.
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
