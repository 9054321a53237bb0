/**
 * `oidc_payloads`' secondary indexes hold only the rows that are looked up through them.
 *
 * 0010 indexed every row by grant, session uid, user code, person and application. An access
 * token has no uid or user code, and is never found by person or by application (only through
 * its grant), yet each of its inserts updated all seven B-trees, and on PostgreSQL a statement's
 * cached plan could pick the (realm, person, model) index for a token looked up by id when the
 * statistics were stale. Now:
 *
 * - grant, uid, user code: partial, where the column is given (`x = ?` implies it);
 * - a person's grants (`oidc_payloads_account`): (realm, person, application) of the rows that
 *   name a person but belong to no grant — grants and provider sessions, never a code or token;
 * - an application's rows (`oidc_payloads_client`): rows that belong to no grant (the grants
 *   themselves, client-credentials tokens); what a grant issued is reached through the grant.
 *
 * A token insert now updates three B-trees: the key, its grant, its expiry.
 *
 * No partial index here compares a column with a constant (`model = 'Grant'`): SQLite then
 * checks every statement's bound `model = ?` against it and prepares the statement again each
 * time the value is bound, which made the adapter's and UserInfo's lookups several times slower.
 * `IS NULL` / `IS NOT NULL` conditions do not depend on bound values.
 */
import { type Kysely, type Migration, sql } from 'kysely';

const PARTIAL = ['grant', 'uid', 'user_code', 'account', 'client'] as const;

export function oidcPartialIndexes(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const name of PARTIAL) await db.schema.dropIndex(`oidc_payloads_${name}`).execute();
      const notNull = async (name: string, column: string) =>
        db.schema
          .createIndex(`oidc_payloads_${name}`)
          .on('oidc_payloads')
          .columns(['realm_id', column])
          .where(sql.ref(column), 'is not', null)
          .execute();
      await notNull('grant', 'grant_id');
      await notNull('uid', 'uid');
      await notNull('user_code', 'user_code');
      await db.schema
        .createIndex('oidc_payloads_account')
        .on('oidc_payloads')
        .columns(['realm_id', 'account_id', 'client_id'])
        .where(sql<boolean>`grant_id is null and account_id is not null`)
        .execute();
      await db.schema
        .createIndex('oidc_payloads_client')
        .on('oidc_payloads')
        .columns(['realm_id', 'client_id'])
        .where(sql.ref('grant_id'), 'is', null)
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const name of PARTIAL) await db.schema.dropIndex(`oidc_payloads_${name}`).execute();
      for (const [name, columns] of [
        ['grant', ['realm_id', 'grant_id']],
        ['uid', ['realm_id', 'uid']],
        ['user_code', ['realm_id', 'user_code']],
        ['account', ['realm_id', 'account_id', 'model']],
        ['client', ['realm_id', 'client_id']],
      ] as const) {
        await db.schema
          .createIndex(`oidc_payloads_${name}`)
          .on('oidc_payloads')
          .columns([...columns])
          .execute();
      }
    },
  };
}
