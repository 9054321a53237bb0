#!/usr/bin/env node
// Builds the project and runs every compiled *.test.js with Node's test runner.
// Usage: npm test [-- <path filter>...]   e.g. npm test -- signin
//
// At the end it says which backends the tests ran against (SQLite, PostgreSQL, Redis,
// Chromium) and which were skipped and why, then Node's summary with skipped suites counted
// (Node counts only skipped tests). TEST_REQUIRE_BACKENDS=postgres,redis,chromium (CI sets
// it) makes the run fail when any of those was skipped or not configured.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarise } from './test-summary.mjs';

// A test file removed or moved in src/ must not keep running from an old build.
rmSync('dist', { recursive: true, force: true });
const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...find(path));
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = ['dist/src', 'dist/test']
  .flatMap((d) => {
    try {
      return find(d);
    } catch {
      return [];
    }
  })
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const resultsDir = mkdtempSync(join(tmpdir(), 'propusk-test-results-'));
const resultsFile = join(resultsDir, 'results.json');
const run = spawnSync(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=./scripts/test-reporter.mjs',
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', TEST_RESULTS_FILE: resultsFile } },
);
let results = { skips: [], summary: {} };
try {
  results = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
  console.error('ℹ the test reporter wrote no results');
}
rmSync(resultsDir, { recursive: true, force: true });

const { lines, failed: backendsMissing } = summarise(results, process.env, {
  chromiumPresent: existsSync('/usr/bin/chromium'),
  e2eSelected: files.some((f) => f.includes('/e2e/')),
});
for (const line of lines) console.log(line);
process.exit(run.status !== 0 ? (run.status ?? 1) : backendsMissing ? 1 : 0);
