/** Invitation codes (ElJur registration) — stored only as keyed hashes. */
import type { Kysely, Migration } from 'kysely';
import { type DialectName, epochType } from '../connect.js';

export function invitations(dialect: DialectName): Migration {
  const epoch = epochType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('invitations')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('organisation_id', 'varchar(40)', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        /** The profile the code is for: the student, the child (parent codes), the staff member. */
        .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('prefix', 'varchar(2)', (c) => c.notNull())
        .addColumn('code_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('expires_at', epoch, (c) => c.notNull())
        .addColumn('issued_by', 'varchar(40)')
        .addColumn('issued_at', epoch, (c) => c.notNull())
        .addColumn('used_at', epoch)
        .addColumn('used_by', 'varchar(40)')
        .execute();
      await db.schema
        .createIndex('invitations_person')
        .on('invitations')
        .columns(['person_id', 'prefix', 'status'])
        .execute();
      await db.schema
        .createIndex('invitations_org')
        .on('invitations')
        .columns(['organisation_id', 'status'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('invitations').execute();
    },
  };
}
