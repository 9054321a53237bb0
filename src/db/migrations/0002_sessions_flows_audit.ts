/**
 * Sessions, flows (server-side state machines: recovery, registration, ...) and the append-only
 * audit log.
 */
import type { Kysely, Migration } from 'kysely';
import { autoIncrementId, type DialectName, dropAppendOnly, epochType, makeAppendOnly } from '../connect.js';

export function sessionsFlowsAudit(dialect: DialectName): Migration {
  const epoch = epochType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addColumn('last_seen_at', epoch, (c) => c.notNull())
        .addColumn('expires_at', epoch, (c) => c.notNull())
        .addColumn('ip', 'varchar(45)')
        .addColumn('user_agent', 'varchar(300)')
        .addColumn('method', 'varchar(20)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_person').on('sessions').column('person_id').execute();
      await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

      await db.schema
        .createTable('flows')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
        .addColumn('kind', 'varchar(40)', (c) => c.notNull())
        .addColumn('state', 'varchar(40)', (c) => c.notNull())
        .addColumn('person_id', 'varchar(40)', (c) => c.references('people.id').onDelete('cascade'))
        .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expires_at', epoch, (c) => c.notNull())
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addColumn('updated_at', epoch, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('flows_expires').on('flows').column('expires_at').execute();
      await db.schema.createIndex('flows_person').on('flows').columns(['person_id', 'kind']).execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'integer', autoIncrementId(dialect))
        .addColumn('realm_id', 'varchar(40)')
        .addColumn('at', epoch, (c) => c.notNull())
        .addColumn('action', 'varchar(60)', (c) => c.notNull())
        .addColumn('actor_id', 'varchar(40)')
        .addColumn('subject_id', 'varchar(40)')
        .addColumn('organisation_id', 'varchar(40)')
        .addColumn('ip', 'varchar(45)')
        .addColumn('user_agent', 'varchar(300)')
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('audit_realm_at').on('audit_events').columns(['realm_id', 'at']).execute();
      await db.schema.createIndex('audit_subject').on('audit_events').columns(['subject_id', 'at']).execute();
      await db.schema
        .createIndex('audit_organisation')
        .on('audit_events')
        .columns(['organisation_id', 'at'])
        .execute();
      await makeAppendOnly(db, dialect, 'audit_events');
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await dropAppendOnly(db, dialect, 'audit_events');
      await db.schema.dropTable('audit_events').execute();
      await db.schema.dropTable('flows').execute();
      await db.schema.dropTable('sessions').execute();
    },
  };
}
