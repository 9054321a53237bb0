/**
 * Opening the database. This is the one file that knows there are two dialects: everything
 * else speaks Kysely to `Kysely<Database>` and asks `DatabaseHandle.dialect` only through the
 * helpers exported here.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type ColumnDefinitionBuilder,
  Kysely,
  type Kysely as KyselyType,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  type RawBuilder,
  SqliteAdapter,
  SqliteDialect,
  sql,
} from 'kysely';
import pg from 'pg';
import { startCheckpointer } from './checkpointer.js';
import { type DirectReads, directReads, registerDirectReads } from './direct-reads.js';
import { directWrites, registerDirectWrites } from './direct-writes.js';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  /**
   * Where the counters are written (throttles, SMS caps: core/throttle/database-*.ts). On
   * PostgreSQL a small pool of its own whose commits do not wait for the WAL to reach the disk
   * (`synchronous_commit = off`): each commit is visible at once and the database stays
   * consistent, but a crash of PostgreSQL may forget the last fraction of a second of counts
   * (at most three `wal_writer_delay`s, 0.6 s by default) — harmless for a counter, while a
   * durable commit waits for an fsync (about 4 ms on the benchmark's disk) and a sign-in writes
   * its counters six times. Everything else (sessions, audit, flows, letters) stays durable.
   * On SQLite, and where not given, the same as `db`.
   */
  readonly counters?: Kysely<Database>;
  readonly dialect: DialectName;
  /** PostgreSQL: the schema the tables live in (the migrator must look only there). */
  readonly schema: string | undefined;
  /**
   * SQLite opened with `checkpointInBackground`: settles if the checkpoint thread stops before
   * `close` (checkpointer.ts), so the service can say so in its log.
   */
  readonly checkpointerStopped?: Promise<Error | null>;
  /** SQLite: the hottest reads run on the connection at once (direct-reads.ts). */
  readonly direct?: DirectReads;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL only: a schema to create (if missing) and put first on the search_path. */
  readonly schema?: string;
  /** PostgreSQL pool size. */
  readonly poolSize?: number;
  /** SQLite file: checkpoint the write-ahead log from a thread of its own (`checkpointer.ts`). */
  readonly checkpointInBackground?: boolean;
}

// int8 (count(*), bigint columns holding epoch milliseconds) as number: every value we keep
// there is far below 2^53.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export function dialectOf(url: string): DialectName {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (dialectOf(url) === 'postgres') return openPostgres(url, options);
  return openSqlite(url, options.checkpointInBackground === true);
}

/** The SQLite page cache per connection, KiB. */
export const SQLITE_CACHE_KIB = 4096;

function openSqlite(path: string, checkpointInBackground: boolean): DatabaseHandle {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  // WAL lets readers go on while one writer commits; NORMAL sync is safe with WAL (a power cut
  // can lose the last commits but never corrupts). Foreign keys are off by default in SQLite.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // better-sqlite3 builds SQLite with a 16 MB page cache per connection; on a large directory
  // every sign-in reads other pages, so the cache fills to its bound and stays resident. A page
  // the cache no longer holds is read again from the operating system's file cache in
  // microseconds, and 4 MiB still holds every index's upper levels.
  database.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  const cached = withStatementCache(database);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) });
  // The hot small writes (throttle counters and backoffs, captcha answers) run on the connection
  // at once when it is free (direct-writes.ts), with the same prepared statements; so do the
  // hottest reads (direct-reads.ts).
  registerDirectWrites(db, directWrites(cached));
  const direct = directReads(database);
  registerDirectReads(db, direct);
  const checkpointer =
    checkpointInBackground && path !== ':memory:' ? startCheckpointer(database, path) : null;
  return {
    db,
    dialect: 'sqlite',
    schema: undefined,
    direct,
    ...(checkpointer ? { checkpointerStopped: checkpointer.stopped } : {}),
    close: async () => {
      await checkpointer?.close();
      await db.destroy();
    },
  };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running an
 * indexed lookup. The queries the service runs are a small fixed set of SQL texts (values are
 * always parameters), so prepared statements are kept per SQL text, in a bounded map.
 */
function withStatementCache(database: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = database.prepare.bind(database);
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property !== 'prepare') {
        const value: unknown = Reflect.get(target, property, receiver);
        // Native methods need the real database as `this`, not the proxy.
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (sqlText: string): SQLite.Statement => {
        let statement = cache.get(sqlText);
        if (!statement) {
          statement = prepare(sqlText);
          if (cache.size >= STATEMENT_CACHE_SIZE) {
            const oldest = cache.keys().next().value;
            if (oldest !== undefined) cache.delete(oldest);
          }
          cache.set(sqlText, statement);
        }
        return statement;
      };
    },
  });
}

/** Connections of the counters' pool: each of its statements is one short write. */
const COUNTER_POOL_SIZE = 4;

async function openPostgres(url: string, options: OpenOptions): Promise<DatabaseHandle> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid schema name ${schema}`);
  }
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists "${schema}"`);
    } finally {
      await admin.end();
    }
  }
  const searchPath = schema ? `-c search_path="${schema}"` : '';
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // A PostgreSQL that does not answer fails a request in seconds (a 503), not minutes.
    connectionTimeoutMillis: 5000,
    ...(searchPath ? { options: searchPath } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
  // Connections are made when first used, so a process that counts nothing opens none.
  const countersPool = new pg.Pool({
    connectionString: url,
    max: COUNTER_POOL_SIZE,
    connectionTimeoutMillis: 5000,
    options: `${searchPath} -c synchronous_commit=off`.trim(),
  });
  const counters = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: withNamedStatements(countersPool) }),
  });
  return {
    db,
    counters,
    dialect: 'postgres',
    schema: schema ?? 'public',
    close: async () => {
      await Promise.all([db.destroy(), counters.destroy()]);
    },
  };
}

/** Statements named (prepared once per connection) when they have at most this many values. */
const NAMED_MAX_PARAMETERS = 24;
const NAMED_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;
/**
 * A batch of writes sent as one (db/write-batch.ts): named whatever its number of values, since
 * its text is one of the few fixed combinations a flow sends, not a list that varies in length.
 */
const WRITE_BATCH = /^with w0 as \(/;
/** `select *`, `select "t".*`, `returning *`: their result changes when a column is added. */
const STAR_PROJECTION = /(?:select|returning|,)\s+(?:"[^"]+"\.)?\*/i;

/**
 * PostgreSQL parses and plans every unnamed statement anew, and Kysely sends every query
 * unnamed. The service runs a small fixed set of SQL texts, so each data statement is sent as a
 * named prepared statement instead (the name a digest of its text): pg parses it once per
 * connection and afterwards only binds and executes, as the SQLite side keeps its statements
 * (`withStatementCache`). Statements with many values (batched inserts, long IN lists, whose
 * texts vary with the batch; a write batch's text does not, and is named) and everything that is not
 * a data statement (DDL, transactions, SET) stay unnamed, so the prepared set per connection stays
 * small.
 *
 * A statement that projects `*` stays unnamed too: PostgreSQL refuses to run a prepared
 * statement whose result columns have changed ("cached plan must not change result type"), so a
 * migration that adds a column, run by a newer instance, would break every `select *` an older
 * instance still running had prepared. Explicit column lists are unaffected by an added column.
 */
function withNamedStatements(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (name === undefined) {
      name = `k${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
      if (names.size >= STATEMENT_CACHE_SIZE) names.clear();
      names.set(text, name);
    }
    return name;
  };
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let w = wrapped.get(client);
    if (!w) {
      const query = ((first: unknown, parameters?: readonly unknown[]) => {
        if (typeof first !== 'string') return client.query(first as never);
        const values = parameters ? [...parameters] : [];
        if (
          (values.length > NAMED_MAX_PARAMETERS && !WRITE_BATCH.test(first)) ||
          !NAMED_STATEMENT.test(first) ||
          STAR_PROJECTION.test(first)
        )
          return client.query(first, values);
        return client.query({ name: nameOf(first), text: first, values });
      }) as unknown as PostgresPoolClient['query'];
      w = { query, release: () => client.release() };
      wrapped.set(client, w);
    }
    return w;
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}

/** Drops a test schema (PostgreSQL only). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await admin.end();
  }
}

/**
 * A string field of a JSON text column, read by the database in a query (`json_extract` on
 * SQLite, `->>` on PostgreSQL): what a `WHERE` compares without the row coming back to be parsed.
 */
export function jsonTextField<DB>(
  db: KyselyType<DB>,
  column: string,
  field: string,
): RawBuilder<string | null> {
  return db.getExecutor().adapter instanceof SqliteAdapter
    ? sql`json_extract(${sql.ref(column)}, ${`$.${field}`})`
    : sql`(${sql.ref(column)}::json ->> ${field})`;
}

/**
 * `column IN (values)` as each dialect runs it best. PostgreSQL gets one array parameter
 * (`= any($1)`): the statement's text is then the same for any number of values, so it is
 * prepared once per connection (db/connect.ts names it) instead of parsed and planned for every
 * list. SQLite keeps the plain list (its statements are cached by text, and it has no arrays).
 */
export function oneOf<DB>(
  db: KyselyType<DB>,
  column: string,
  values: readonly string[],
): RawBuilder<boolean> {
  return db.getExecutor().adapter instanceof SqliteAdapter
    ? sql<boolean>`${sql.ref(column)} in (${sql.join(values.map((v) => sql.val(v)))})`
    : sql<boolean>`${sql.ref(column)} = any(${sql.val(values)})`;
}

// ---- Portable schema helpers for migrations -------------------------------------------------

/** An auto-incrementing integer primary key column. */
export function autoIncrementId(dialect: DialectName) {
  return (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? col.generatedAlwaysAsIdentity().primaryKey() : col.primaryKey().autoIncrement();
}

/** Epoch milliseconds do not fit in a 32-bit integer. */
export function epochType(dialect: DialectName): 'bigint' | 'integer' {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}

/**
 * Rows a worker may claim: on PostgreSQL the select locks them and skips rows another worker
 * holds (FOR UPDATE SKIP LOCKED), so instances never claim the same row; SQLite has one writer
 * at a time and runs one worker, so a plain select is enough.
 */
export function skipLocked<Q extends { forUpdate(): Q; skipLocked(): Q }>(dialect: DialectName, query: Q): Q {
  return dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/** Makes a table append-only in the database itself: UPDATE and DELETE raise an error. */
export async function makeAppendOnly(
  db: KyselyType<unknown>,
  dialect: DialectName,
  table: string,
): Promise<void> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`invalid table name ${table}`);
  const t = sql.raw(table);
  if (dialect === 'sqlite') {
    await sql`create trigger ${sql.raw(`${table}_no_update`)} before update on ${t}
      begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${t}
      begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
    return;
  }
  await sql`create or replace function propusk_append_only() returns trigger language plpgsql as $$
    begin raise exception '% is append-only', tg_table_name; end $$`.execute(db);
  await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${t}
    for each row execute function propusk_append_only()`.execute(db);
}

export async function dropAppendOnly(
  db: KyselyType<unknown>,
  dialect: DialectName,
  table: string,
): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`drop trigger if exists ${sql.raw(`${table}_no_update`)}`.execute(db);
    await sql`drop trigger if exists ${sql.raw(`${table}_no_delete`)}`.execute(db);
    return;
  }
  await sql`drop trigger if exists ${sql.raw(`${table}_append_only`)} on ${sql.raw(table)}`.execute(db);
}
