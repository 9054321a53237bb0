/**
 * What can stop the service from starting, each said in one line an operator can act on (the
 * CLI prints it and exits with code 2): a database file that is damaged, a directory, read-only
 * or cannot be opened; a PostgreSQL that cannot be reached or refuses us; a schema that is not
 * migrated, half migrated or newer than this code; a port that is taken.
 */
import { type Stats, statSync } from 'node:fs';
import { sql } from 'kysely';
import { type DatabaseHandle, dialectOf, type OpenOptions, openDatabase } from '../db/connect.js';
import { schemaStatus } from '../db/migrate.js';

/** A fault of the environment, not of the code: one line on stderr, exit code 2. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** The database named without its password: `postgres://host:port/db`, or the SQLite path. */
export function databaseName(url: string): string {
  if (dialectOf(url) === 'sqlite') return url;
  try {
    const parsed = new URL(url);
    return `postgres://${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the PostgreSQL of DATABASE_URL';
  }
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  if (err instanceof AggregateError) return codeOf(err.errors[0]);
  return '';
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

function describeDatabaseFault(url: string, err: unknown): StartupError {
  const name = databaseName(url);
  const code = codeOf(err);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StartupError(
      `the database file ${name} is damaged or not a SQLite database (${code}): restore it from a backup, or point DATABASE_URL at the right file`,
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
    return new StartupError(
      `the database file ${name} is read-only (${code}): Propusk must be able to write the file and its directory`,
    );
  }
  // A directory that cannot be made because a file holds its place: ENOTDIR on Node 20, EEXIST
  // from Node 22 on (mkdir with `recursive`).
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'ENOTDIR' || code === 'EEXIST') {
    return new StartupError(
      `cannot open the database file ${name} (${code}): check that its directory exists and may be written`,
    );
  }
  if (code === '28P01' || code === '28000') {
    return new StartupError(`PostgreSQL at ${name} refused the user or password of DATABASE_URL (${code})`);
  }
  if (code === '3D000')
    return new StartupError(`PostgreSQL has no database ${name} (${code}): create it first`);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) {
    return new StartupError(
      `cannot reach PostgreSQL at ${name} (${code}): is it running, and is the address right?`,
    );
  }
  if (/timeout exceeded when trying to connect/.test(firstLine(err))) {
    return new StartupError(`cannot reach PostgreSQL at ${name} (no answer in time): is the address right?`);
  }
  return new StartupError(`cannot use the database ${name}: ${firstLine(err)}${code ? ` (${code})` : ''}`);
}

/**
 * Opens the database and proves it can be read and written: a read of the schema catalogue
 * (a damaged file fails here), and on SQLite a write of the header's user_version with its own
 * value (a read-only file fails here, even when SQLite opened it without complaint).
 */
export async function openChecked(url: string, options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (dialectOf(url) === 'sqlite' && url !== ':memory:') {
    let stat: Stats | undefined;
    try {
      stat = statSync(url, { throwIfNoEntry: false });
    } catch (err) {
      throw describeDatabaseFault(url, err);
    }
    if (stat?.isDirectory()) {
      throw new StartupError(
        `DATABASE_URL ${url} is a directory, not a database file: name a file inside it`,
      );
    }
  }
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase(url, options);
  } catch (err) {
    throw describeDatabaseFault(url, err);
  }
  try {
    if (handle.dialect === 'sqlite') {
      await sql`select count(*) from sqlite_master`.execute(handle.db);
      const { rows } = await sql<{ user_version: number }>`pragma user_version`.execute(handle.db);
      const version = Number(rows[0]?.user_version ?? 0);
      await sql`pragma ${sql.raw(`user_version = ${Math.trunc(version)}`)}`.execute(handle.db);
    } else {
      await sql`select 1`.execute(handle.db);
    }
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw describeDatabaseFault(url, err);
  }
  return handle;
}

const HOW_TO_MIGRATE = 'run "propusk migrate" first, or start with "propusk serve --migrate"';

/** Refuses a database whose schema is not exactly the one this code was written for. */
export async function requireCurrentSchema(handle: DatabaseHandle, url: string): Promise<void> {
  const status = await schemaStatus(handle);
  const name = databaseName(url);
  switch (status.state) {
    case 'current':
      return;
    case 'empty':
      throw new StartupError(
        `the database ${name} is not migrated (this version needs ${status.latest}): ${HOW_TO_MIGRATE}`,
      );
    case 'behind':
      throw new StartupError(
        `the database ${name} is at migration ${status.at}, this version needs ${status.latest}: ${HOW_TO_MIGRATE}`,
      );
    case 'ahead':
      throw new StartupError(
        `the database ${name} was migrated by a newer version of Propusk (${status.unknown.join(', ')}): run that version, or roll the database back with it ("propusk migrate --to ${status.latest}")`,
      );
  }
}

/** The one line for a port that cannot be listened on. */
export function describeListenFault(err: unknown, host: string, port: number): StartupError | null {
  const code = codeOf(err);
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `port ${port} on ${host} is already in use by another program: stop it or set PORT`,
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      `not allowed to listen on port ${port} on ${host} (${code}): choose a port above 1023 with PORT`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new StartupError(`HOST ${host} is not an address of this machine (${code}): set HOST`);
  }
  return null;
}
