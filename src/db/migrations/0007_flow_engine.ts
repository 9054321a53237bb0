/**
 * The flow engine's columns: a version that every write compares and bumps (two writes from one
 * snapshot cannot both succeed), and the keyed hash of the browser a flow is bound to.
 */
import type { Kysely, Migration } from 'kysely';

export function flowEngine(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('flows')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('flows').addColumn('browser_hash', 'varchar(64)').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('flows').dropColumn('browser_hash').execute();
      await db.schema.alterTable('flows').dropColumn('version').execute();
    },
  };
}
