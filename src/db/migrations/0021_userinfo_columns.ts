/**
 * What UserInfo decides on, as columns of `oidc_payloads` (oidc/userinfo-columns.ts).
 *
 * UserInfo's fast path (oidc/userinfo.ts) parsed the access token's and the grant's JSON payloads
 * at every call to check that both are the plain case; under load that cost about 15 µs of a
 * 100 µs call. The adapter now writes the result with the payload, in the same statement:
 *
 * - `userinfo_plain`: 1 when the payload is the plain case, else null;
 * - `userinfo_scope`: the token's scope, or the grant's OpenID scope;
 * - `userinfo_until`: the payload's own `exp`, in milliseconds; null when it has none.
 *
 * Rows written before this migration have `userinfo_plain` null: their calls go to
 * oidc-provider, which parses the payload as it always did, until they expire.
 *
 * An instance from before this migration must not go on serving beside newer ones: when it
 * rewrites a grant (scopes added, claims rejected) it leaves these columns as a newer one wrote
 * them. Restart every instance after migrating, as for any migration that running statements
 * depend on.
 */
import type { Kysely, Migration } from 'kysely';
import { type DialectName, epochType } from '../connect.js';

const COLUMNS = ['userinfo_plain', 'userinfo_scope', 'userinfo_until'] as const;

export function userinfoColumns(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('oidc_payloads').addColumn('userinfo_plain', 'integer').execute();
      await db.schema.alterTable('oidc_payloads').addColumn('userinfo_scope', 'text').execute();
      await db.schema.alterTable('oidc_payloads').addColumn('userinfo_until', epochType(dialect)).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const column of COLUMNS) await db.schema.alterTable('oidc_payloads').dropColumn(column).execute();
    },
  };
}
