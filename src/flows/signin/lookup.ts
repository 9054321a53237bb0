/**
 * The sign-in's person lookup: the person by login, and in the same statement whether they have
 * a second factor (`factorProbeColumns`), which the sign-in needs once the password is right.
 * On PostgreSQL every statement costs the service a socket write and a wake-up, and the
 * database's backend its own work, on the cores argon2 needs: one statement instead of two.
 *
 * On SQLite the lookup runs on the connection at once when it is free (db/direct-reads.ts).
 *
 * The probe is read before argon2, a few milliseconds before it is used: a factor enrolled or
 * removed in those milliseconds is seen at the next sign-in, as it would be had it come a
 * moment later.
 */
import type { Kysely } from 'kysely';
import { type DirectRead, directReadsOf } from '../../db/direct-reads.js';
import { type Prepared, prepared } from '../../db/prepared.js';
import { type Database, PERSON_ALL_COLUMNS, type Person } from '../../db/schema.js';
import { type FactorProbe, factorProbeColumns } from '../../factors/stores.js';

export interface SigninLookup {
  readonly person: Person;
  readonly probe: FactorProbe;
}

type Row = Person & FactorProbe;

function compile(db: Kysely<Database>): Prepared<Row, 'realm' | 'login'> {
  const sample = { realm: '\u0000realm', login: '\u0000login' };
  return prepared(
    db
      .selectFrom('people as p')
      .select(PERSON_ALL_COLUMNS.map((c) => `p.${c}` as const))
      .select((eb) => factorProbeColumns(eb))
      .where('p.realm_id', '=', sample.realm)
      .where('p.login_normalized', '=', sample.login)
      .compile(),
    sample,
  );
}

interface Compiled {
  readonly query: Prepared<Row, 'realm' | 'login'>;
  /** The same read on SQLite's connection at once, where the handle has direct reads. */
  readonly now: DirectRead<Row> | null;
}

/** One compiled statement per database. */
const compiled = new WeakMap<Kysely<Database>, Compiled>();

export async function findForSignin(
  db: Kysely<Database>,
  realmId: string,
  loginNormalized: string,
): Promise<SigninLookup | null> {
  let made = compiled.get(db);
  if (!made) {
    const query = compile(db);
    made = { query, now: directReadsOf(db)?.(query({ realm: '', login: '' })) ?? null };
    compiled.set(db, made);
  }
  const query = made.query({ realm: realmId, login: loginNormalized });
  const row = (made.now?.(query.parameters) ?? (await db.executeQuery(query)).rows)[0];
  if (!row) return null;
  const { factor_totp, factor_passkeys, ...person } = row;
  return { person, probe: { factor_totp, factor_passkeys } };
}
