/**
 * The SQLite handle's settings (src/db/connect.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, SQLITE_CACHE_KIB } from './connect.js';

test('the SQLite page cache is bounded to SQLITE_CACHE_KIB, not the 16 MB better-sqlite3 builds in', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'propusk-connect-'));
  const handle = await openDatabase(join(dir, 'cache.sqlite'));
  try {
    const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(handle.db);
    assert.equal(SQLITE_CACHE_KIB, 4096);
    assert.equal(rows[0]?.cache_size, -SQLITE_CACHE_KIB);
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
