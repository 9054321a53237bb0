/**
 * The school's side: regional administrators (who read the audit of a region's organisations),
 * roster imports waiting between their dry run and the import (kept a day), and access-help
 * requests («Заявка на восстановление доступа») with their checklist and outcome.
 */
import type { Kysely, Migration } from 'kysely';
import { type DialectName, epochType } from '../connect.js';

export function schoolSide(dialect: DialectName): Migration {
  const epoch = epochType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('region_administrators')
        .addColumn('region_id', 'varchar(40)', (c) =>
          c.notNull().references('regions.id').onDelete('cascade'),
        )
        .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addPrimaryKeyConstraint('region_administrators_pk', ['region_id', 'person_id'])
        .execute();
      await db.schema
        .createIndex('region_administrators_person')
        .on('region_administrators')
        .column('person_id')
        .execute();

      await db.schema
        .createTable('roster_imports')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('organisation_id', 'varchar(40)', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('created_by', 'varchar(40)')
        .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
        /** JSON: the rows to import, read and in import order; deleted with the row. */
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('create_classes', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rows_total', 'integer', (c) => c.notNull())
        .addColumn('batches_done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        /** JSON: what the import did so far (created, attached, unchanged, …). */
        .addColumn('summary', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addColumn('expires_at', epoch, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('roster_imports_expiry')
        .on('roster_imports')
        .column('expires_at')
        .execute();

      await db.schema
        .createTable('help_requests')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('organisation_id', 'varchar(40)', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        /** What the person is told to keep: digits in groups, unique per realm. */
        .addColumn('number', 'varchar(20)', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('reason', 'varchar(30)', (c) => c.notNull())
        .addColumn('last_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('first_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('middle_name', 'varchar(100)')
        .addColumn('class_name', 'varchar(20)')
        .addColumn('role', 'varchar(20)', (c) => c.notNull())
        .addColumn('contact', 'varchar(200)', (c) => c.notNull())
        /** JSON: the checklist items the curator ticked. */
        .addColumn('checklist', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('outcome', 'varchar(30)')
        .addColumn('taken_by', 'varchar(40)')
        .addColumn('closed_by', 'varchar(40)')
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addColumn('updated_at', epoch, (c) => c.notNull())
        .addColumn('closed_at', epoch)
        .addColumn('expires_at', epoch, (c) => c.notNull())
        .addUniqueConstraint('help_requests_realm_number', ['realm_id', 'number'])
        .execute();
      await db.schema
        .createIndex('help_requests_queue')
        .on('help_requests')
        .columns(['organisation_id', 'status', 'created_at'])
        .execute();
      await db.schema
        .createIndex('help_requests_realm')
        .on('help_requests')
        .columns(['realm_id', 'status', 'created_at'])
        .execute();
      await db.schema.createIndex('help_requests_expiry').on('help_requests').column('expires_at').execute();
      // Matching a roster row by name and birth date, and the audit viewer's pages by kind.
      await db.schema
        .createIndex('people_realm_birth_date')
        .on('people')
        .columns(['realm_id', 'birth_date'])
        .execute();
      await db.schema
        .createIndex('audit_realm_action_at')
        .on('audit_events')
        .columns(['realm_id', 'action', 'at'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('audit_realm_action_at').execute();
      await db.schema.dropIndex('people_realm_birth_date').execute();
      await db.schema.dropTable('help_requests').execute();
      await db.schema.dropTable('roster_imports').execute();
      await db.schema.dropTable('region_administrators').execute();
    },
  };
}
