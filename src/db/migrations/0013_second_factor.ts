/**
 * Second factors and consent records:
 *
 * - `totp_factors`: a person's authenticator app (one per person): the RFC 6238 secret sealed
 *   with the service secret, and the last time step a code was accepted in (a code is accepted
 *   once: the step only moves forward, by compare-and-set);
 * - `recovery_codes`: ten single-use codes per person, as keyed hashes; `used_at` once spent;
 * - `passkeys`: WebAuthn credentials (id, public key, signature counter, a name the person chose);
 * - `consent_acceptances`: which version of which consent text a person accepted, when and from
 *   which address (one row per version: a new version is asked for again);
 * - `sessions.second_factor`: what the sign-in's second step was (`totp`, `recovery_code`,
 *   `passkey`), or null.
 */
import type { Kysely, Migration } from 'kysely';
import { type DialectName, epochType } from '../connect.js';

export function secondFactor(dialect: DialectName): Migration {
  const epoch = epochType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('totp_factors')
        .addColumn('person_id', 'varchar(40)', (c) =>
          c.primaryKey().references('people.id').onDelete('cascade'),
        )
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull())
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('last_step', epoch, (c) => c.notNull())
        .addColumn('created_at', epoch, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('recovery_codes')
        .addColumn('code_hash', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addColumn('used_at', epoch)
        .execute();
      await db.schema.createIndex('recovery_codes_person').on('recovery_codes').column('person_id').execute();

      await db.schema
        .createTable('passkeys')
        .addColumn('id', 'varchar(400)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull())
        .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('counter', epoch, (c) => c.notNull())
        .addColumn('transports', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addColumn('last_used_at', epoch)
        .execute();
      await db.schema.createIndex('passkeys_person').on('passkeys').column('person_id').execute();

      await db.schema
        .createTable('consent_acceptances')
        .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('consent', 'varchar(40)', (c) => c.notNull())
        .addColumn('version', 'varchar(40)', (c) => c.notNull())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull())
        .addColumn('accepted_at', epoch, (c) => c.notNull())
        .addColumn('ip', 'varchar(64)')
        .addPrimaryKeyConstraint('consent_acceptances_pk', ['person_id', 'consent', 'version'])
        .execute();

      await db.schema.alterTable('sessions').addColumn('second_factor', 'varchar(20)').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('sessions').dropColumn('second_factor').execute();
      await db.schema.dropTable('consent_acceptances').execute();
      await db.schema.dropTable('passkeys').execute();
      await db.schema.dropTable('recovery_codes').execute();
      await db.schema.dropTable('totp_factors').execute();
    },
  };
}
