/**
 * Which argon2 parameter sets the stored password hashes have, read from `people` for the
 * password hasher (core/crypto/parameter-sets.ts). Both queries stop at the first row they find;
 * the one that finds nothing reads the table through once (at start, and when a set's last hash
 * has just been upgraded).
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { StoredParameterSource } from '../core/crypto/passwords.js';
import type { Database } from '../db/schema.js';

export function storedHashParameters(db: Kysely<Database>): StoredParameterSource {
  /** The first `length` characters of the stored hash. */
  const head = (eb: ExpressionBuilder<Database, 'people'>, length: number) =>
    eb.fn<string>('substr', [eb.ref('password_hash'), eb.val(1), eb.val(length)]);
  return {
    async findOther(known) {
      const row = await db
        .selectFrom('people')
        .select('password_hash')
        .where('password_hash', 'is not', null)
        .where((eb) => eb.and(known.map((prefix) => eb(head(eb, prefix.length), '<>', prefix))))
        .limit(1)
        .executeTakeFirst();
      return row?.password_hash ?? null;
    },
    async has(prefix) {
      const row = await db
        .selectFrom('people')
        .select('id')
        .where((eb) => eb(head(eb, prefix.length), '=', prefix))
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
