/**
 * Which unique index an insert or update ran into, on either dialect: a check made before a
 * write can be raced, and the index then refuses the second writer. Its caller turns that into
 * the same refusal the check gives.
 *
 * PostgreSQL names the index (`23505`, `constraint`); SQLite names its columns
 * (`SQLITE_CONSTRAINT_UNIQUE`, «UNIQUE constraint failed: people.realm_id, people.snils»).
 */
export interface UniqueIndex {
  readonly name: string;
  readonly table: string;
  readonly columns: readonly string[];
}

export function isUniqueViolation(err: unknown, index: UniqueIndex): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, constraint, message } = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (code === '23505') return constraint === index.name;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const columns = index.columns.map((c) => `${index.table}.${c}`).join(', ');
    return typeof message === 'string' && message.endsWith(`constraint failed: ${columns}`);
  }
  return false;
}

export const PEOPLE_SNILS: UniqueIndex = {
  name: 'people_realm_snils',
  table: 'people',
  columns: ['realm_id', 'snils'],
};
export const PEOPLE_LOGIN: UniqueIndex = {
  name: 'people_realm_login',
  table: 'people',
  columns: ['realm_id', 'login_normalized'],
};
