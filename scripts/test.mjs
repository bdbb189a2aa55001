#!/usr/bin/env node
// The project's one test command (README, .ci/run): type-check, lint, then every vitest suite.
// Ends with the plain line "N passed, N failed" read from vitest's JSON report, so a run that
// executed no test is visible. Exits non-zero if any step fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const extraArgs = process.argv.slice(2);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;

let failedStep = '';
if (run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) !== 0) failedStep ||= 'type-check';
if (run('npx', ['biome', 'check', '.']) !== 0) failedStep ||= 'lint';

mkdirSync('.test-results', { recursive: true });
const report = '.test-results/vitest.json';
rmSync(report, { force: true });
const vitestStatus = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extraArgs,
]);
if (vitestStatus !== 0) failedStep ||= 'tests';

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  // A file that fails to load has no test results of its own: count it as one failure.
  const brokenFiles = (json.testResults ?? []).filter((f) => f.status === 'failed' && !f.assertionResults?.length);
  failed = (json.numFailedTests ?? 0) + brokenFiles.length;
} else {
  failedStep ||= 'tests (no report written)';
}
if (passed + failed === 0) failedStep ||= 'tests (none ran)';
if (failedStep) console.error(`\nFAILED: ${failedStep}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedStep ? 1 : 0);
