/**
 * argon2 on threads of its own (argon2-threads.ts): the same hashes and answers as
 * @node-rs/argon2 on libuv's pool, jobs spread over no more threads than runners, jobs still out
 * rejected on close, and a process that the threads hold open only while they have work.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { AHEAD, argon2Threads } from './argon2-threads.js';

const CHEAP = { algorithm: 2 as Algorithm.Argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 };

test('the same hashes and answers as @node-rs/argon2, and its refusal of an unreadable hash', async () => {
  const threads = argon2Threads(2);
  try {
    const made = await threads.hash('Пароль-1', CHEAP);
    assert.match(made, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    assert.equal(await verify(made, 'Пароль-1'), true, 'libuv reads the thread’s hash');
    const theirs = await hash('Пароль-2', CHEAP);
    assert.equal(await threads.verify(theirs, 'Пароль-2'), true, 'the thread reads libuv’s hash');
    assert.equal(await threads.verify(theirs, 'Пароль-3'), false);
    assert.equal(await threads.verify(theirs, ''), false);
    await assert.rejects(threads.verify('not a hash', 'x'));
    await assert.rejects(threads.verify('$argon2id$v=19$m=1024,t=1,p=1$broken', 'x'));
    // A refused job leaves the runner working.
    assert.equal(await threads.verify(made, 'Пароль-1'), true);
  } finally {
    await threads.close();
  }
});

test('many jobs at once: every answer right and in its place, on no more threads than runners (each computes one at a time)', async () => {
  const threads = argon2Threads(2);
  try {
    assert.equal(threads.inFlight, 2 * AHEAD);
    const hashes = await Promise.all(Array.from({ length: 6 }, (_, i) => threads.hash(`p${i}`, CHEAP)));
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => threads.verify(hashes[i % 6] as string, `p${i % 4}`)),
    );
    assert.deepEqual(
      answers,
      Array.from({ length: 24 }, (_, i) => i % 6 === i % 4),
    );
    assert.equal(threads.started(), 2);
  } finally {
    await threads.close();
  }
  const one = argon2Threads(1);
  try {
    const made = await one.hash('p', CHEAP);
    const answers = await Promise.all(Array.from({ length: 8 }, () => one.verify(made, 'p')));
    assert.ok(answers.every((a) => a));
    assert.equal(one.started(), 1);
  } finally {
    await one.close();
  }
});

test('close: jobs still out are rejected, and no job is taken afterwards', async () => {
  const threads = argon2Threads(1);
  const slow = { ...CHEAP, memoryCost: 65_536, timeCost: 3 };
  const out = [threads.hash('a', slow), threads.hash('b', slow)];
  await threads.close();
  for (const job of out) await assert.rejects(job, /closed/);
  await assert.rejects(threads.hash('c', CHEAP), /closed/);
});

test('the threads keep a process open only while they have work', () => {
  const module = fileURLToPath(new URL('./argon2-threads.js', import.meta.url));
  const script = `
    const { argon2Threads } = await import(${JSON.stringify(module)});
    const threads = argon2Threads(2);
    const options = { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 };
    const made = await threads.hash('x', options);
    console.log(await threads.verify(made, 'x'));
  `;
  // Nothing else holds the event loop: the job must still finish (the thread holds the process
  // while it works), and the process must then end by itself (it does not hold it when idle).
  const dir = mkdtempSync(join(tmpdir(), 'propusk-argon2-threads-'));
  const file = join(dir, 'alone.mjs');
  writeFileSync(file, script);
  const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(run.signal, null, 'ended by itself');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'true');
});

test('starting the threads leaves the heap bounds of core/heap.ts in force', () => {
  const heap = fileURLToPath(new URL('../heap.js', import.meta.url));
  const module = fileURLToPath(new URL('./argon2-threads.js', import.meta.url));
  // A worker starting sets V8's flags back to node's command line: without the bounds set again
  // the young generation grew to 2 × 16 MiB under the churn below.
  const script = `
    import v8 from 'node:v8';
    const { boundHeap } = await import(${JSON.stringify(heap)});
    boundHeap([], '');
    const { argon2Threads } = await import(${JSON.stringify(module)});
    const threads = argon2Threads(2);
    const options = { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 };
    await Promise.all([threads.hash('x', options), threads.hash('y', options)]);
    let keep = [];
    for (let i = 0; i < 3e6; i++) {
      keep.push({ i, s: 'x' + i });
      if (keep.length > 50000) keep = [];
    }
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    console.log(young.space_size);
    await threads.close();
  `;
  const dir = mkdtempSync(join(tmpdir(), 'propusk-argon2-heap-'));
  const file = join(dir, 'heap.mjs');
  writeFileSync(file, script);
  const run = spawnSync(process.execPath, [file], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(run.status, 0, run.stderr);
  // Bounded, it is 2 MiB (two 1 MiB semi-spaces); unbounded, this churn grows it to 32 MiB on
  // Node 20 and 64–128 MiB on Node 24. Node 24 also lets it grow past the bound on a busy machine
  // with no worker at all (up to 9 MiB seen, core/heap.ts), so the line is drawn at 16 MiB.
  const young = Number(run.stdout.trim());
  assert.ok(young > 0 && young <= 16 * 1024 * 1024, `young generation ${young} bytes`);
});
