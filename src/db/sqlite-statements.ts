/**
 * How Kysely's SQLite driver gets its statements: prepared once per SQL text, and a reader's
 * rows built in JS from raw rows.
 */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Prepared statements kept per SQL text (SQLite) and statement names remembered (PostgreSQL). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * `select *`, `select "t".*`, `returning *`: their result's columns change when the table's do
 * (a column added or dropped by a migration), while a statement that names its columns keeps
 * them or fails.
 */
export const STAR_PROJECTION = /(?:select|returning|,)\s+(?:distinct\s+)?(?:(?:"[^"]+"|\w+)\.)?\*/i;

/** A row as better-sqlite3 gives it in raw mode: the values in the order of the columns. */
type RawRow = readonly unknown[];

/**
 * Builds a query's row objects from its raw rows. better-sqlite3 makes each row object in C++,
 * one property set at a time (13.7 µs for the 30 columns of the session check, against 8.7 µs
 * for the same rows as arrays turned into objects here); a function made once per statement
 * creates them with one object literal, all of one shape. The names are our own queries'
 * columns, written as JSON string literals; null when a name cannot be a literal's plain key.
 */
function rowBuilder(columns: readonly string[]): ((row: RawRow) => Record<string, unknown>) | null {
  if (columns.length === 0 || columns.includes('__proto__')) return null;
  const fields = columns.map((name, i) => `${JSON.stringify(name)}: row[${i}]`).join(', ');
  return new Function('row', `return { ${fields} };`) as (row: RawRow) => Record<string, unknown>;
}

/**
 * A prepared statement as Kysely runs it: a reader that names its columns gets its rows raw,
 * built by `rowBuilder`. One that projects `*` keeps better-sqlite3's objects: SQLite prepares
 * a statement again when the schema changes, and its columns could then differ from the
 * builder's.
 */
function forKysely(statement: SQLite.Statement<unknown[]>): SqliteStatement {
  const run = (parameters: ReadonlyArray<unknown>) => statement.run(parameters);
  const build =
    statement.reader && !STAR_PROJECTION.test(statement.source)
      ? rowBuilder(statement.columns().map((c) => c.name))
      : null;
  if (!build) {
    return {
      reader: statement.reader,
      all: (parameters) => statement.all(parameters),
      run,
      iterate: (parameters) => statement.iterate(parameters),
    };
  }
  const raw = statement.raw(true);
  return {
    reader: true,
    all: (parameters) => (raw.all(parameters) as RawRow[]).map(build),
    run,
    *iterate(parameters) {
      for (const row of raw.iterate(parameters)) yield build(row as RawRow);
    },
  };
}

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running an
 * indexed lookup. The queries the service runs are a small fixed set of SQL texts (values are
 * always parameters), so prepared statements are kept per SQL text, in a bounded map.
 */
export function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string): SqliteStatement {
      let statement = cache.get(sqlText);
      if (!statement) {
        statement = forKysely(database.prepare<unknown[]>(sqlText));
        if (cache.size >= STATEMENT_CACHE_SIZE) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
        cache.set(sqlText, statement);
      }
      return statement;
    },
  };
}
