/**
 * The heap flags the service sets at start (core/heap.ts): which ones, when the operator's own
 * win, and that the real `propusk` process has them in effect before its modules are loaded.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { heapFlags } from './heap.js';
import { projectRoot } from './paths.js';

const CLI = join(projectRoot(), 'dist', 'src', 'cli', 'main.js');

const BOTH = ['--semi-space-growth-factor=1', '--heap-growing-percent=30'];

describe('heap flags', () => {
  test('without flags of the operator, both are set', () => {
    assert.deepEqual(heapFlags([], ''), BOTH);
    assert.deepEqual(heapFlags(['--enable-source-maps'], '--stack-trace-limit=50'), BOTH);
  });

  test("the operator's young generation size wins, however it is spelled and wherever it is given", () => {
    const growing = ['--heap-growing-percent=30'];
    assert.deepEqual(heapFlags([], '--max-semi-space-size=16'), growing);
    assert.deepEqual(heapFlags(['--max_semi_space_size=8'], ''), growing);
    assert.deepEqual(heapFlags(['--min-semi-space-size=4'], ''), growing);
    assert.deepEqual(heapFlags(['--semi-space-growth-factor=2'], ''), growing);
  });

  test("the operator's heap growing percent wins", () => {
    assert.deepEqual(heapFlags(['--heap-growing-percent=100'], ''), ['--semi-space-growth-factor=1']);
  });

  /** The young generation's size once `propusk help` has loaded every command's module, KiB. */
  const youngAfterLoading = (nodeOptions: string): number => {
    // Runs before the CLI's entry and reports at exit, when the commands have been loaded.
    const probe = `data:text/javascript,${encodeURIComponent(
      "import v8 from 'node:v8'; process.on('exit', () => process.stderr.write('young ' + " +
        "v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size + '\\n'));",
    )}`;
    const run = spawnSync(process.execPath, ['--import', probe, CLI, 'help'], {
      env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions },
      encoding: 'utf8',
      // Loading every module takes seconds on a busy machine.
      timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const bytes = Number(/young (\d+)/.exec(run.stderr)?.[1]);
    assert.ok(bytes > 0, run.stderr);
    return bytes / 1024;
  };

  test('propusk sets them before it loads its modules: the young generation stays at its first size', () => {
    // Two 1 MiB semi-spaces; loading the modules with V8's defaults grows them to 16 MiB each.
    const young = youngAfterLoading('');
    assert.ok(young <= 2048, `young generation ${young} KiB`);
    assert.ok(youngAfterLoading('--max-semi-space-size=16') > 2048, 'the operator’s size is kept');
  });
});
