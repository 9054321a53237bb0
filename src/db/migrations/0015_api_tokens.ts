/**
 * API tokens of the admin API: each scoped to a realm, or to one organisation of it, with a name
 * and an expiry; the secret part is stored only as its keyed hash. A revoked token stays until the
 * janitor deletes it, so its use is still told apart from an unknown token for a while.
 */
import type { Kysely, Migration } from 'kysely';
import { type DialectName, epochType } from '../connect.js';

export function apiTokens(dialect: DialectName): Migration {
  const epoch = epochType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('organisation_id', 'varchar(40)', (c) =>
          c.references('organisations.id').onDelete('cascade'),
        )
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addColumn('expires_at', epoch, (c) => c.notNull())
        .addColumn('revoked_at', epoch)
        .addColumn('last_used_at', epoch)
        .execute();
      await db.schema
        .createIndex('api_tokens_realm')
        .on('api_tokens')
        .columns(['realm_id', 'created_at'])
        .execute();
      await db.schema.createIndex('api_tokens_expires').on('api_tokens').column('expires_at').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('api_tokens').execute();
    },
  };
}
