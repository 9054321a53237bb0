/**
 * Issue 8, item 7: the test command's summary is honest about what did not run. Node's runner
 * counts skipped tests but not skipped suites; every suite that needs PostgreSQL, Redis or
 * Chromium skips as a whole when the backend is missing. Here a fixture with such suites runs
 * through the project's reporter, and the summary must name the skipped backends, count the
 * skipped suites, and fail when a required backend was skipped.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../src/core/paths.js';

interface Results {
  skips: { name: string; reason: string; suite: boolean; file: string }[];
  summary: Record<string, number>;
}
interface SummaryModule {
  summarise(
    results: Results,
    env: Record<string, string | undefined>,
    context: { chromiumPresent: boolean; e2eSelected: boolean },
  ): { lines: string[]; failed: boolean };
}

const FIXTURE = `
import { describe, test } from 'node:test';
describe('runs', () => { test('one', () => {}); test('two', () => {}); });
describe('on postgres', { skip: 'TEST_DATABASE_URL is not set: PostgreSQL tests skipped' }, () => {
  test('never', () => {});
});
describe('in redis', { skip: 'TEST_REDIS_URL is not set: Redis tests skipped' }, () => {
  test('never', () => {});
});
test('a redis test on its own', { skip: 'TEST_REDIS_URL is not set' }, () => {});
describe('in a browser', { skip: 'Chromium not found at /usr/bin/chromium: browser tests skipped' }, () => {
  test('never', () => {});
});
test('on purpose', { skip: 'Redis keeps real time' }, () => {});
`;

describe('8.7 honest test summaries', () => {
  let dir: string;
  let results: Results;
  let output: string;
  let summary: SummaryModule;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'propusk-summary-'));
    writeFileSync(join(dir, 'fixture.test.mjs'), FIXTURE);
    const resultsFile = join(dir, 'results.json');
    const run = spawnSync(
      process.execPath,
      [
        '--test',
        `--test-reporter=${join(projectRoot(), 'scripts', 'test-reporter.mjs')}`,
        '--test-reporter-destination=stdout',
        join(dir, 'fixture.test.mjs'),
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH, TEST_RESULTS_FILE: resultsFile }, timeout: 60_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    output = run.stdout;
    results = JSON.parse(readFileSync(resultsFile, 'utf8')) as Results;
    summary = (await import(
      pathToFileURL(join(projectRoot(), 'scripts', 'test-summary.mjs')).href
    )) as SummaryModule;
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('the reporter sees every skipped suite and test with its reason, and still prints the spec output', () => {
    assert.deepEqual(results.skips.map((s) => [s.name, s.suite]).sort(), [
      ['a redis test on its own', false],
      ['in a browser', true],
      ['in redis', true],
      ['on postgres', true],
      ['on purpose', false],
    ]);
    assert.equal(results.summary.skipped, 2, "Node's own count: skipped tests only");
    assert.equal(results.summary.pass, 2);
    assert.match(output, /✔ one/);
    assert.match(output, /﹣ on postgres .*# TEST_DATABASE_URL is not set/);
    assert.ok(!/ℹ skipped \d/.test(output), 'the dishonest summary is held back for the runner');
  });

  test('the summary names the skipped backends and counts skipped suites', () => {
    const { lines, failed } = summary.summarise(results, {}, { chromiumPresent: false, e2eSelected: true });
    const text = lines.join('\n');
    assert.match(text, /SQLite +ran/);
    assert.match(text, /PostgreSQL +skipped \(1 suite: TEST_DATABASE_URL is not set/);
    assert.match(text, /Redis +skipped \(1 suite, 1 test: TEST_REDIS_URL/);
    assert.match(text, /Chromium +skipped \(1 suite: Chromium not found/);
    assert.match(text, /skipped on purpose: on purpose \(Redis keeps real time\)/);
    assert.equal(lines.at(-1)?.startsWith('ℹ duration_ms '), true, "Node's final line comes last");
    assert.ok(lines.includes('ℹ skipped 5'), 'two skipped tests and three skipped suites');
    assert.equal(failed, false, 'nothing was required');
  });

  test('a required backend that was skipped, or not configured, fails the run', () => {
    const required = { TEST_REQUIRE_BACKENDS: 'postgres,redis,chromium' };
    const skipped = summary.summarise(results, required, { chromiumPresent: true, e2eSelected: true });
    assert.equal(skipped.failed, true);
    assert.match(skipped.lines.join('\n'), /✖ required backends did not run: PostgreSQL, Redis, Chromium/);

    const none: Results = { skips: [], summary: { tests: 1, skipped: 0 } };
    const configured = {
      ...required,
      TEST_DATABASE_URL: 'postgres://x',
      TEST_REDIS_URL: 'redis://x',
    };
    assert.equal(
      summary.summarise(none, configured, { chromiumPresent: true, e2eSelected: true }).failed,
      false,
    );
    const noRedis = { ...configured, TEST_REDIS_URL: '' };
    const unconfigured = summary.summarise(none, noRedis, { chromiumPresent: true, e2eSelected: true });
    assert.equal(unconfigured.failed, true);
    assert.match(unconfigured.lines.join('\n'), /required backends did not run: Redis/);
    const typo = summary.summarise(
      none,
      { TEST_REQUIRE_BACKENDS: 'postgress' },
      {
        chromiumPresent: true,
        e2eSelected: true,
      },
    );
    assert.equal(typo.failed, true, 'a misspelt backend is not silently ignored');
  });
});
