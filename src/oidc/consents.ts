/**
 * What each person let each application have (the scopes). The next sign-in into the same
 * application, from any browser, starts from it: the consent page asks only for what was not yet
 * allowed. «Приложения с доступом» lists these rows; «Отозвать доступ» deletes one (and the
 * provider revokes the grants it stood for).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';

export interface Consent {
  readonly realmId: string;
  readonly personId: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly grantedAt: number;
  readonly updatedAt: number;
}

export interface ConsentStore {
  find(realmId: string, personId: string, clientId: string): Promise<Consent | null>;
  /** Records a consent, or widens the one recorded with more scopes. */
  record(input: {
    realmId: string;
    personId: string;
    clientId: string;
    scopes: readonly string[];
  }): Promise<void>;
  listOf(realmId: string, personId: string): Promise<Consent[]>;
  remove(realmId: string, personId: string, clientId: string): Promise<Consent | null>;
  /** Forgets every consent given to an application (it was removed). */
  removeClient(realmId: string, clientId: string): Promise<number>;
}

interface Row {
  realm_id: string;
  person_id: string;
  client_id: string;
  scopes: string;
  granted_at: number;
  updated_at: number;
}

const toConsent = (row: Row): Consent => ({
  realmId: row.realm_id,
  personId: row.person_id,
  clientId: row.client_id,
  scopes: row.scopes.split(' ').filter(Boolean),
  grantedAt: row.granted_at,
  updatedAt: row.updated_at,
});

export function consentStore(db: Kysely<Database>, clock: Clock): ConsentStore {
  const one = (realmId: string, personId: string, clientId: string) =>
    db
      .selectFrom('oidc_consents')
      .selectAll()
      .where('realm_id', '=', realmId)
      .where('person_id', '=', personId)
      .where('client_id', '=', clientId);
  return {
    async find(realmId, personId, clientId) {
      const row = await one(realmId, personId, clientId).executeTakeFirst();
      return row ? toConsent(row) : null;
    },
    async record({ realmId, personId, clientId, scopes }) {
      const now = clock.now();
      const before = await one(realmId, personId, clientId).executeTakeFirst();
      const all = new Set([...(before ? before.scopes.split(' ').filter(Boolean) : []), ...scopes]);
      const joined = [...all].join(' ');
      if (before && before.scopes === joined) return;
      await db
        .insertInto('oidc_consents')
        .values({
          realm_id: realmId,
          person_id: personId,
          client_id: clientId,
          scopes: joined,
          granted_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['realm_id', 'person_id', 'client_id']).doUpdateSet({ scopes: joined, updated_at: now }),
        )
        .execute();
    },
    async listOf(realmId, personId) {
      const rows = await db
        .selectFrom('oidc_consents')
        .selectAll()
        .where('realm_id', '=', realmId)
        .where('person_id', '=', personId)
        .orderBy('granted_at')
        .execute();
      return rows.map(toConsent);
    },
    async remove(realmId, personId, clientId) {
      const row = await one(realmId, personId, clientId).executeTakeFirst();
      if (!row) return null;
      await db
        .deleteFrom('oidc_consents')
        .where('realm_id', '=', realmId)
        .where('person_id', '=', personId)
        .where('client_id', '=', clientId)
        .execute();
      return toConsent(row);
    },
    async removeClient(realmId, clientId) {
      const result = await db
        .deleteFrom('oidc_consents')
        .where('realm_id', '=', realmId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
