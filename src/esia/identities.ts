/**
 * Which Propusk profile an ESIA account is linked to (`external_identities`, provider `esia`,
 * subject = the ESIA oid). One ESIA account links to one profile per realm (the table's unique
 * key on the subject) and one profile to one ESIA account (checked here in the linking
 * transaction).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/crypto/secrets.js';
import type { DirectReads } from '../db/direct-reads.js';
import { prepared } from '../db/prepared.js';
import type { Database, Executor } from '../db/schema.js';

export type LinkOutcome = 'linked' | 'already' | 'oid-taken' | 'person-has-other';

export interface EsiaIdentities {
  personOf(realmId: string, oid: string): Promise<string | null>;
  oidOf(realmId: string, personId: string): Promise<string | null>;
  /** Links in the caller's transaction; refuses an oid or a person linked elsewhere. */
  link(executor: Executor, input: { realmId: string; personId: string; oid: string }): Promise<LinkOutcome>;
  unlink(executor: Executor, realmId: string, personId: string): Promise<string | null>;
  touch(realmId: string, oid: string): Promise<void>;
}

export function esiaIdentities(db: Kysely<Database>, clock: Clock, direct?: DirectReads): EsiaIdentities {
  const rows = (executor: Executor, realmId: string) =>
    executor.selectFrom('external_identities').where('realm_id', '=', realmId).where('provider', '=', 'esia');
  // «Мой профиль» asks this on every view in a realm with Gosuslugi: compiled once, and on
  // SQLite read on the connection at once when it is free (db/direct-reads.ts).
  const oidQuery = prepared(
    rows(db, '\u0000realm').select('subject').where('person_id', '=', '\u0000person').compile(),
    { realm: '\u0000realm', provider: 'esia', person: '\u0000person' },
  );
  const oidNow = direct?.(oidQuery({ realm: '', provider: '', person: '' })) ?? null;
  return {
    async personOf(realmId, oid) {
      const row = await rows(db, realmId).select('person_id').where('subject', '=', oid).executeTakeFirst();
      return row?.person_id ?? null;
    },
    async oidOf(realmId, personId) {
      const query = oidQuery({ realm: realmId, provider: 'esia', person: personId });
      const [row] = oidNow?.(query.parameters) ?? (await db.executeQuery(query)).rows;
      return row?.subject ?? null;
    },
    async link(executor, { realmId, personId, oid }) {
      const existing = await rows(executor, realmId)
        .select(['person_id', 'subject'])
        .where((eb) => eb.or([eb('subject', '=', oid), eb('person_id', '=', personId)]))
        .execute();
      if (existing.some((r) => r.subject === oid && r.person_id === personId)) return 'already';
      if (existing.some((r) => r.subject === oid)) return 'oid-taken';
      if (existing.length > 0) return 'person-has-other';
      await executor
        .insertInto('external_identities')
        .values({
          id: newId(),
          realm_id: realmId,
          person_id: personId,
          provider: 'esia',
          subject: oid,
          linked_at: clock.now(),
          last_used_at: null,
        })
        .execute();
      return 'linked';
    },
    async unlink(executor, realmId, personId) {
      const row = await rows(executor, realmId)
        .select(['id', 'subject'])
        .where('person_id', '=', personId)
        .executeTakeFirst();
      if (!row) return null;
      await executor.deleteFrom('external_identities').where('id', '=', row.id).execute();
      return row.subject;
    },
    async touch(realmId, oid) {
      await db
        .updateTable('external_identities')
        .set({ last_used_at: clock.now() })
        .where('realm_id', '=', realmId)
        .where('provider', '=', 'esia')
        .where('subject', '=', oid)
        .execute();
    },
  };
}
