/**
 * The hottest reads of SQLite run on the connection at once, not through Kysely's driver.
 *
 * Every signed-in page and every session check reads one row. Through Kysely that read passes
 * the driver's connection lock and a chain of promises, and better-sqlite3 builds each row as an
 * object whose keys it looks up by name column after column. Here the statement runs in raw
 * mode (arrays) and the row is built from its column names, known once. In a server under load,
 * this took about 10 µs of CPU off each `/whoami` (about 90 µs), in alternating runs.
 *
 * A direct read is only correct when nothing else holds the connection: while a transaction is
 * open on it (Kysely's `transaction()` keeps it across awaits), a read here would see writes
 * that are not committed and may yet be rolled back. Then the read answers `null`, and the
 * caller sends the same query through Kysely, which waits its turn. Another statement's
 * iteration in progress does not stop it: better-sqlite3 runs other statements meanwhile.
 * PostgreSQL has no direct reads: its reads are round trips to a server either way.
 *
 *   const read = direct?.(query);            // once, at start-up
 *   const rows = read?.([id]) ?? (await db.executeQuery({ ...query, parameters: [id] })).rows;
 *
 * The reads of a handle are also found from its Kysely instance (`directReadsOf(db)`), for code
 * that is handed only `db`; a transaction's own Kysely instance (`trx`) has none.
 */
import type SQLite from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';

/** Runs the query with these parameters now; its rows, or null when it must go through Kysely. */
export type DirectRead<R> = (parameters: readonly unknown[]) => R[] | null;

/** Makes a read for direct use; its statement is prepared at the first call. */
export type DirectReads = <R>(query: CompiledQuery<R>) => DirectRead<R>;

const READ = /^\s*(select|with)\b/i;

export function directReads(database: SQLite.Database): DirectReads {
  return <R>(query: CompiledQuery<R>): DirectRead<R> => {
    if (!READ.test(query.sql)) throw new Error(`direct read: not a read: ${query.sql}`);
    // Prepared at the first read, not here: the service is made before its tables are.
    let prepared: { readonly statement: SQLite.Statement; readonly rowOf: (values: unknown[]) => R } | null =
      null;
    const prepare = () => {
      const statement = database.prepare(query.sql);
      if (!statement.reader) throw new Error(`direct read: returns no rows: ${query.sql}`);
      statement.raw(true);
      const names = statement.columns().map((c) => c.name);
      if (new Set(names).size !== names.length) {
        throw new Error(`direct read: two columns share a name: ${query.sql}`);
      }
      // In an object literal this name would set the row's prototype, not a field.
      if (names.includes('__proto__')) throw new Error(`direct read: a column named __proto__: ${query.sql}`);
      return { statement, rowOf: rowMaker<R>(names) };
    };
    return (parameters) => {
      if (database.inTransaction) return null;
      prepared ??= prepare();
      const { statement, rowOf } = prepared;
      const arrays = statement.all(parameters) as unknown[][];
      return arrays.map(rowOf);
    };
  };
}

/**
 * A function that turns one raw row into an object written as a literal with these keys, so
 * every row has the same shape from its start. Keys added one by one under names known only at
 * run time made V8 walk its transitions per key (megamorphic stores), which cost more than the
 * read itself under load. The names are the statement's own columns, quoted as JSON.
 */
function rowMaker<R>(names: readonly string[]): (values: unknown[]) => R {
  const fields = names.map((name, i) => `${JSON.stringify(name)}: values[${i}]`).join(', ');
  return new Function('values', `return { ${fields} };`) as (values: unknown[]) => R;
}

const registry = new WeakMap<object, DirectReads>();

/** Makes `reads` the direct reads of the handle whose Kysely instance is `db`. */
export function registerDirectReads(db: object, reads: DirectReads): void {
  registry.set(db, reads);
}

/** The direct reads of the handle whose Kysely instance is `db`; none for PostgreSQL or a `trx`. */
export function directReadsOf(db: object): DirectReads | undefined {
  return registry.get(db);
}
