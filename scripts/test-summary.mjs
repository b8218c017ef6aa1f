// Prints the summary that ends `scripts/test`: one line per failed test (tier, file, title and the
// first line of its error), then "tests: N passed, N failed[, N skipped]" over every tier. CI logs
// are often read from their tail only, so the failures are repeated here, next to the counts.
import { readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import process from 'node:process';
import { stripVTControlCharacters } from 'node:util';

const dir = process.argv[2];
const print = (line) => process.stdout.write(`${line}\n`);
const firstLine = (text) => stripVTControlCharacters(text ?? '').split('\n').map((l) => l.trim()).find(Boolean) ?? '';
const clip = (text, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text);
let passed = 0;
let failed = 0;
let skipped = 0;
let brokenFiles = 0;
const failures = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const tier = file.replace(/\.json$/, '');
  const report = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const suite of report.testResults) {
    const name = relative(process.cwd(), suite.name);
    const failedTests = suite.assertionResults.filter((a) => a.status === 'failed');
    for (const t of failedTests) failures.push(`FAILED ${tier} ${name} > ${t.fullName}: ${clip(firstLine(t.failureMessages?.[0]))}`);
    // a file that fails outside any test (import error, beforeAll/afterAll) has only a message
    if (suite.status === 'failed' && failedTests.length === 0) {
      brokenFiles++;
      failures.push(`FAILED ${tier} ${name}: ${clip(firstLine(suite.message))}`);
    }
  }
}
for (const line of failures) print(line);
print(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : '') + (brokenFiles ? `, ${brokenFiles} file(s) failed outside their tests` : ''));
