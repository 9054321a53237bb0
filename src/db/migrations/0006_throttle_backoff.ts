/**
 * Growing-delay counters (core/throttle/database-backoff.ts), for deployments without Redis:
 * every instance on this database sees the same counts and waits.
 */
import type { Kysely, Migration } from 'kysely';
import { type DialectName, epochType } from '../connect.js';

export function throttleBackoff(dialect: DialectName): Migration {
  const epoch = epochType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('throttle_backoff')
        /** `<counter name>:<key>`; long keys are hashed. */
        .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('count', 'integer', (c) => c.notNull())
        /** No attempt passes before this instant. */
        .addColumn('next_at', epoch, (c) => c.notNull())
        /** Forgetting is counted in whole periods from this instant. */
        .addColumn('since', epoch, (c) => c.notNull())
        /** When the row means nothing any more (everything forgotten, no wait left). */
        .addColumn('expires_at', epoch, (c) => c.notNull())
        /** Compared on every write: two racing attempts never both write over one read. */
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('throttle_backoff_expiry')
        .on('throttle_backoff')
        .column('expires_at')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('throttle_backoff').execute();
    },
  };
}
