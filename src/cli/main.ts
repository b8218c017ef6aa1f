#!/usr/bin/env node
import { runCli } from './program.js';

// No top-level await: the same entry is bundled to CommonJS for the single-file binaries.
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
