/**
 * What the janitor needs:
 * - an index on sessions by (realm, last seen), so sessions idle past their realm's limit are
 *   found without a scan, and one on the outbox by (status, creation), so the oldest delivered
 *   or given-up letters come first without a sort;
 * - the audit log's pruning permit. The log stays append-only: UPDATE is always refused, and
 *   DELETE is refused unless the deleting transaction itself has written a row in
 *   `audit_prune_permits` whose `before_at` is later than the event. Only the janitor does that,
 *   only when the operator set AUDIT_RETENTION_DAYS, and it removes the permit before it
 *   commits, so no other transaction ever sees one.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import { type DialectName, epochType } from '../connect.js';

async function replaceAuditTriggers(
  db: Kysely<unknown>,
  dialect: DialectName,
  withPermit: boolean,
): Promise<void> {
  const permitted = withPermit
    ? sql`exists (select 1 from audit_prune_permits where old.at < before_at)`
    : sql`false`;
  if (dialect === 'sqlite') {
    await sql`drop trigger if exists audit_events_no_delete`.execute(db);
    await sql`create trigger audit_events_no_delete before delete on audit_events
      when not (${permitted})
      begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
    return;
  }
  await sql`create or replace function propusk_audit_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and ${permitted} then return old; end if;
      raise exception '% is append-only', tg_table_name;
    end $$`.execute(db);
  await sql`drop trigger if exists audit_events_append_only on audit_events`.execute(db);
  await sql`create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function propusk_audit_append_only()`.execute(db);
}

export function janitor(dialect: DialectName): Migration {
  const epoch = epochType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('sessions_realm_last_seen')
        .on('sessions')
        .columns(['realm_id', 'last_seen_at'])
        .execute();
      await db.schema
        .createIndex('outbox_status_created')
        .on('outbox')
        .columns(['status', 'created_at'])
        .execute();
      await db.schema
        .createTable('audit_prune_permits')
        .addColumn('before_at', epoch, (c) => c.notNull())
        .execute();
      await replaceAuditTriggers(db, dialect, true);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') {
        await sql`drop trigger if exists audit_events_append_only on audit_events`.execute(db);
        await sql`create trigger audit_events_append_only before update or delete on audit_events
          for each row execute function propusk_append_only()`.execute(db);
        await sql`drop function if exists propusk_audit_append_only()`.execute(db);
      } else {
        await replaceAuditTriggers(db, dialect, false);
      }
      await db.schema.dropTable('audit_prune_permits').execute();
      await db.schema.dropIndex('outbox_status_created').execute();
      await db.schema.dropIndex('sessions_realm_last_seen').execute();
    },
  };
}
