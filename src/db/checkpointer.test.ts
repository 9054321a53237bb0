/**
 * SQLite's checkpoints from a thread of its own (checkpointer.ts): with it, what is written
 * reaches the database file within about a second while the main connection's own automatic
 * checkpoint is held back to its bound; without it (the default), nothing does until SQLite's
 * own 1,000 pages; closing the handle stops the thread; an in-memory database has none.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, type TestContext, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { freshDatabase } from '../../test/support/databases.js';
import { testConfig } from '../../test/support/harness.js';
import { createServices } from '../services.js';
import { AUTOCHECKPOINT_BOUND, CHECKPOINT_INTERVAL_MS, startCheckpointer } from './checkpointer.js';
import { openDatabase } from './connect.js';
import type { Database } from './schema.js';

/** About 2 MiB of rows in one commit: some 500 pages of log, under SQLite's own 1,000. */
async function writeRows(db: Kysely<Database>): Promise<void> {
  await sql`create table if not exists filler (id integer primary key, body text not null)`.execute(db);
  const body = 'x'.repeat(4000);
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < 500; i++) await sql`insert into filler (body) values (${body})`.execute(trx);
  });
}

/** A database file in a directory of its own, removed after the test. */
function tempFile(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'propusk-checkpointer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'db.sqlite');
}

async function autocheckpoint(db: Kysely<Database>): Promise<number | undefined> {
  const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
  return rows[0]?.wal_autocheckpoint;
}

/** Polls until the database file (not its log) holds the rows, or the time is up. */
async function fileGrows(file: string, above: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (statSync(file).size > above) return true;
    await sleep(50);
  }
  return statSync(file).size > above;
}

describe('SQLite checkpoints in the background', () => {
  test('what is written reaches the database file without a commit waiting for it', async (t) => {
    const file = tempFile(t);
    const handle = await openDatabase(file, { checkpointInBackground: true });
    try {
      assert.equal(await autocheckpoint(handle.db), AUTOCHECKPOINT_BOUND);
      await writeRows(handle.db);
      assert.ok(
        await fileGrows(file, 1024 * 1024, CHECKPOINT_INTERVAL_MS * 6),
        'the thread copied the log into the database file',
      );
      const { rows: count } = await sql<{ n: number }>`select count(*) as n from filler`.execute(handle.db);
      assert.equal(count[0]?.n, 500);
    } finally {
      await handle.close();
    }
  });

  test('without it (the default) the log is not copied before SQLite’s own 1,000 pages', async (t) => {
    const file = tempFile(t);
    const handle = await openDatabase(file);
    try {
      assert.equal(await autocheckpoint(handle.db), 1000);
      await writeRows(handle.db);
      assert.equal(await fileGrows(file, 1024 * 1024, CHECKPOINT_INTERVAL_MS * 3), false);
    } finally {
      await handle.close();
    }
  });

  test('closing the handle stops the thread: later writes stay in the log', async (t) => {
    const file = tempFile(t);
    const first = await openDatabase(file, { checkpointInBackground: true });
    await sql`create table marker (id integer primary key)`.execute(first.db);
    await first.close();
    // The thread is gone with the first handle; a second handle without one writes 2 MiB that
    // stay in the log.
    const second = await openDatabase(file);
    try {
      const before = statSync(file).size;
      await writeRows(second.db);
      assert.equal(await fileGrows(file, before + 1024 * 1024, CHECKPOINT_INTERVAL_MS * 3), false);
    } finally {
      await second.close();
    }
  });

  test('a thread that stops says so, and the main connection checkpoints in its commits again', async (t) => {
    const file = tempFile(t);
    const database = new SQLite(file);
    t.after(() => database.close());
    database.pragma('journal_mode = WAL');
    // The thread's own connection cannot open a file that is not there: it fails at once.
    const checkpointer = startCheckpointer(database, join(file, '..', 'missing', 'db.sqlite'));
    const timeout = sleep(10_000).then(() => 'timed out' as const);
    const stopped = await Promise.race([checkpointer.stopped, timeout]);
    assert.ok(stopped instanceof Error, `stopped settles with the thread's error, got ${String(stopped)}`);
    assert.equal(database.pragma('wal_autocheckpoint', { simple: true }), 1000);
    await checkpointer.close();
  });

  test('a thread closed on purpose is not reported as stopped', async (t) => {
    const file = tempFile(t);
    const handle = await openDatabase(file, { checkpointInBackground: true });
    const stopped = handle.checkpointerStopped;
    assert.ok(stopped, 'a handle with the thread offers its stop');
    await handle.close();
    const outcome = await Promise.race([stopped.then(() => 'stopped'), sleep(1_000).then(() => 'quiet')]);
    assert.equal(outcome, 'quiet');
  });

  test('the service writes a stopped thread in its log', async () => {
    const database = await freshDatabase('sqlite');
    let logText = '';
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logText += chunk.toString('utf8');
        done();
      },
    });
    const handle = { ...database.handle, checkpointerStopped: Promise.resolve(new Error('disk gone')) };
    const services = await createServices(testConfig(), { handle, logStream });
    try {
      await sleep(20);
      assert.match(logText, /checkpoint thread stopped/);
      assert.match(logText, /disk gone/);
    } finally {
      await services.close();
      await database.drop();
    }
  });

  test('an in-memory database has no thread and keeps SQLite’s own checkpoint', async () => {
    const handle = await openDatabase(':memory:', { checkpointInBackground: true });
    try {
      assert.equal(await autocheckpoint(handle.db), 1000);
    } finally {
      await handle.close();
    }
  });
});
