/**
 * State that limits or remembers, shared by every instance that serves from this database when
 * there is no Redis: throttle counters and the captcha challenges already answered.
 */
import type { Kysely, Migration } from 'kysely';
import { type DialectName, epochType } from '../connect.js';

export function sharedState(dialect: DialectName): Migration {
  const epoch = epochType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('throttle_counters')
        /** `<limiter name>:<key>`; long keys are hashed (see database-limiter.ts). */
        .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('points', 'integer', (c) => c.notNull())
        /** The end of the counter's window: after it the counter starts again from zero. */
        .addColumn('expires_at', epoch, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('throttle_counters_expiry')
        .on('throttle_counters')
        .column('expires_at')
        .execute();
      await db.schema
        .createTable('captcha_answers')
        /** The challenge's nonce: a row means the challenge was answered (rightly or not). */
        .addColumn('nonce', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('expires_at', epoch, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('captcha_answers_expiry')
        .on('captcha_answers')
        .column('expires_at')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('captcha_answers').execute();
      await db.schema.dropTable('throttle_counters').execute();
    },
  };
}
