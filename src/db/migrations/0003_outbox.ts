/**
 * The outbox: every letter and SMS is a row written in the same transaction as the change that
 * caused it, then delivered by a worker with retries. The payload is sealed (AES-GCM) because
 * it can carry a reset link or a code.
 */
import type { Kysely, Migration } from 'kysely';
import { type DialectName, epochType } from '../connect.js';

export function outbox(dialect: DialectName): Migration {
  const epoch = epochType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('outbox')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('realm_id', 'varchar(40)', (c) => c.references('realms.id').onDelete('cascade'))
        .addColumn('channel', 'varchar(10)', (c) => c.notNull())
        .addColumn('recipient', 'varchar(254)', (c) => c.notNull())
        .addColumn('template', 'varchar(60)', (c) => c.notNull())
        .addColumn('locale', 'varchar(5)', (c) => c.notNull())
        /** Sealed JSON of the rendered message; cleared after delivery outside demo mode. */
        .addColumn('payload', 'text')
        /** Unique: the same cause enqueued twice is one message. */
        .addColumn('idempotency_key', 'varchar(120)', (c) => c.notNull().unique())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', epoch, (c) => c.notNull())
        .addColumn('locked_until', epoch)
        .addColumn('locked_by', 'varchar(60)')
        .addColumn('last_error', 'varchar(500)')
        .addColumn('provider_id', 'varchar(200)')
        .addColumn('person_id', 'varchar(40)', (c) => c.references('people.id').onDelete('set null'))
        .addColumn('created_at', epoch, (c) => c.notNull())
        .addColumn('sent_at', epoch)
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('outbox_created').on('outbox').column('created_at').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('outbox').execute();
    },
  };
}
