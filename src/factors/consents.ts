/**
 * Consents as records (article 004's two consents, app.recycle.kz): each consent text has a
 * version — the built-in one below, or the realm's `consentVersions` when the operator changed the
 * wording — and a person's acceptance of a version is kept (when, from which address) and
 * audited. A person whose latest acceptance is of an older version is asked again at the next
 * sign-in: the sign-in form's ticks accept the versions it showed; a sign-in that showed no form
 * (a passkey, a digital signature) asks on a page of its own before the session begins.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../core/audit/audit.js';
import type { Clock } from '../core/clock.js';
import type { Database, Executor } from '../db/schema.js';
import type { LoadedRealm } from '../realms/realm-store.js';

export type ConsentId = 'personal_data' | 'signature_liability';

/** The version of the built-in text of each consent (the date the wording was published). */
export const BUILT_IN_CONSENT_VERSIONS: Readonly<Record<ConsentId, string>> = {
  personal_data: '2020-06-01',
  signature_liability: '2020-06-01',
};

export interface AskedConsent {
  readonly consent: ConsentId;
  readonly version: string;
}

/** The consents the realm asks for, each with its current version. */
export function askedConsents(realm: LoadedRealm): AskedConsent[] {
  const own = realm.settings.consentVersions ?? {};
  return realm.settings.signinConsents.map((consent) => ({
    consent,
    version: own[consent] ?? BUILT_IN_CONSENT_VERSIONS[consent],
  }));
}

export interface ConsentStore {
  /** The realm's consents this person has not accepted in their current version. */
  missing(realm: LoadedRealm, personId: string): Promise<AskedConsent[]>;
  /** Records the acceptance of these versions (once each) and audits each new one. */
  accept(
    executor: Executor,
    realm: LoadedRealm,
    personId: string,
    consents: readonly AskedConsent[],
    meta: { readonly ip: string | null; readonly userAgent: string | null },
  ): Promise<number>;
  /** A person's acceptances, newest first. */
  listOf(
    personId: string,
  ): Promise<{ consent: string; version: string; acceptedAt: number; ip: string | null }[]>;
}

export function consentStore(db: Kysely<Database>, audit: AuditLog, clock: Clock): ConsentStore {
  return {
    async missing(realm, personId) {
      const asked = askedConsents(realm);
      if (asked.length === 0) return [];
      const rows = await db
        .selectFrom('consent_acceptances')
        .select(['consent', 'version'])
        .where('person_id', '=', personId)
        .where(
          'consent',
          'in',
          asked.map((a) => a.consent),
        )
        .execute();
      return asked.filter((a) => !rows.some((r) => r.consent === a.consent && r.version === a.version));
    },
    async accept(executor, realm, personId, consents, meta) {
      let added = 0;
      for (const c of consents) {
        const result = await executor
          .insertInto('consent_acceptances')
          .values({
            person_id: personId,
            consent: c.consent,
            version: c.version,
            realm_id: realm.id,
            accepted_at: clock.now(),
            ip: meta.ip,
          })
          .onConflict((oc) => oc.columns(['person_id', 'consent', 'version']).doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0n) !== 1) continue;
        added++;
        await audit.append(
          {
            realmId: realm.id,
            action: 'consent.accepted',
            actorId: personId,
            subjectId: personId,
            ip: meta.ip,
            userAgent: meta.userAgent,
            detail: { consent: c.consent, version: c.version },
          },
          executor,
        );
      }
      return added;
    },
    async listOf(personId) {
      const rows = await db
        .selectFrom('consent_acceptances')
        .select(['consent', 'version', 'accepted_at', 'ip'])
        .where('person_id', '=', personId)
        .orderBy('accepted_at', 'desc')
        .execute();
      return rows.map((r) => ({
        consent: r.consent,
        version: r.version,
        acceptedAt: Number(r.accepted_at),
        ip: r.ip,
      }));
    },
  };
}
