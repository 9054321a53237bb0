/**
 * The OpenID Connect provider's tables:
 *
 * - `oidc_payloads`: everything oidc-provider stores (sessions, interactions, codes, tokens,
 *   grants, replay markers), one row per model and id within a realm, with the lookups it needs
 *   (grant, session uid, user code) and ours (a person's grants and sessions, an application's
 *   tokens) as indexed
 *   columns, and an expiry the janitor clears by;
 * - `oidc_signing_keys`: the signing keys (ES256, RS256), private parts sealed;
 * - `oidc_clients`: the relying applications of each realm, their secrets as keyed hashes;
 * - `oidc_consents`: which person let which application have what (the settings list; the next
 *   sign-in asks only for what was not yet allowed);
 * - `oidc_session_links`: which provider sessions a Propusk session signed in, so that ending the
 *   session reaches every application with a back-channel logout.
 */
import type { Kysely, Migration } from 'kysely';
import { type DialectName, epochType } from '../connect.js';

export function oidc(dialect: DialectName): Migration {
  const epoch = epochType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('oidc_payloads')
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('model', 'varchar(40)', (c) => c.notNull())
        .addColumn('id', 'varchar(255)', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('grant_id', 'varchar(255)')
        .addColumn('uid', 'varchar(255)')
        .addColumn('user_code', 'varchar(255)')
        .addColumn('account_id', 'varchar(40)')
        .addColumn('client_id', 'varchar(100)')
        .addColumn('consumed_at', epoch)
        .addColumn('expires_at', epoch)
        .addPrimaryKeyConstraint('oidc_payloads_pk', ['realm_id', 'model', 'id'])
        .execute();
      await db.schema
        .createIndex('oidc_payloads_grant')
        .on('oidc_payloads')
        .columns(['realm_id', 'grant_id'])
        .execute();
      await db.schema
        .createIndex('oidc_payloads_uid')
        .on('oidc_payloads')
        .columns(['realm_id', 'uid'])
        .execute();
      await db.schema
        .createIndex('oidc_payloads_user_code')
        .on('oidc_payloads')
        .columns(['realm_id', 'user_code'])
        .execute();
      await db.schema
        .createIndex('oidc_payloads_account')
        .on('oidc_payloads')
        .columns(['realm_id', 'account_id', 'model'])
        .execute();
      await db.schema
        .createIndex('oidc_payloads_client')
        .on('oidc_payloads')
        .columns(['realm_id', 'client_id'])
        .execute();
      await db.schema.createIndex('oidc_payloads_expiry').on('oidc_payloads').column('expires_at').execute();

      await db.schema
        .createTable('oidc_signing_keys')
        .addColumn('kid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('alg', 'varchar(10)', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addColumn('active_from', epoch, (c) => c.notNull())
        .addColumn('retired_at', epoch)
        .addColumn('published_until', epoch)
        .execute();

      await db.schema
        .createTable('oidc_clients')
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('client_id', 'varchar(100)', (c) => c.notNull())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'varchar(64)')
        .addColumn('first_party', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addColumn('updated_at', epoch, (c) => c.notNull())
        .addPrimaryKeyConstraint('oidc_clients_pk', ['realm_id', 'client_id'])
        .execute();

      await db.schema
        .createTable('oidc_consents')
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('client_id', 'varchar(100)', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('granted_at', epoch, (c) => c.notNull())
        .addColumn('updated_at', epoch, (c) => c.notNull())
        .addPrimaryKeyConstraint('oidc_consents_pk', ['realm_id', 'person_id', 'client_id'])
        .execute();

      await db.schema
        .createTable('oidc_session_links')
        .addColumn('session_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('oidc_session_uid', 'varchar(255)', (c) => c.notNull())
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addColumn('expires_at', epoch, (c) => c.notNull())
        .addPrimaryKeyConstraint('oidc_session_links_pk', ['session_id', 'oidc_session_uid'])
        .execute();
      await db.schema
        .createIndex('oidc_session_links_uid')
        .on('oidc_session_links')
        .columns(['realm_id', 'oidc_session_uid'])
        .execute();
      await db.schema
        .createIndex('oidc_session_links_expiry')
        .on('oidc_session_links')
        .column('expires_at')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('oidc_session_links').execute();
      await db.schema.dropTable('oidc_consents').execute();
      await db.schema.dropTable('oidc_clients').execute();
      await db.schema.dropTable('oidc_signing_keys').execute();
      await db.schema.dropTable('oidc_payloads').execute();
    },
  };
}
