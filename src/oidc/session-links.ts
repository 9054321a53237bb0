/**
 * Which provider sessions each Propusk session signed in. When a Propusk session ends (sign-out,
 * a password change or reset, an operator, «Завершить все другие сеансы»), the provider sessions
 * it signed in end too and their applications get a back-channel logout (`logout.ts`).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/schema.js';

export interface SessionLink {
  readonly sessionId: string;
  readonly realmId: string;
  readonly personId: string;
  readonly oidcSessionUid: string;
}

export interface SessionLinks {
  link(input: SessionLink & { readonly expiresAt: number }): Promise<void>;
  /** The links of these Propusk sessions, deleted as they are read (each is acted on once). */
  takeFor(sessionIds: readonly string[]): Promise<SessionLink[]>;
  /** Forgets a provider session (it ended on its own: RP-initiated logout). */
  forgetOidcSession(realmId: string, oidcSessionUid: string): Promise<void>;
  deleteExpired(before: number): Promise<number>;
}

export function sessionLinks(db: Kysely<Database>, clock: Clock): SessionLinks {
  return {
    async link({ sessionId, realmId, personId, oidcSessionUid, expiresAt }) {
      await db
        .insertInto('oidc_session_links')
        .values({
          session_id: sessionId,
          realm_id: realmId,
          person_id: personId,
          oidc_session_uid: oidcSessionUid,
          created_at: clock.now(),
          expires_at: expiresAt,
        })
        .onConflict((oc) =>
          oc.columns(['session_id', 'oidc_session_uid']).doUpdateSet({ expires_at: expiresAt }),
        )
        .execute();
    },
    async takeFor(sessionIds) {
      if (sessionIds.length === 0) return [];
      const rows = await db
        .deleteFrom('oidc_session_links')
        .where('session_id', 'in', sessionIds)
        .returning(['session_id', 'realm_id', 'person_id', 'oidc_session_uid'])
        .execute();
      return rows.map((r) => ({
        sessionId: r.session_id,
        realmId: r.realm_id,
        personId: r.person_id,
        oidcSessionUid: r.oidc_session_uid,
      }));
    },
    async forgetOidcSession(realmId, oidcSessionUid) {
      await db
        .deleteFrom('oidc_session_links')
        .where('realm_id', '=', realmId)
        .where('oidc_session_uid', '=', oidcSessionUid)
        .execute();
    },
    async deleteExpired(before) {
      const result = await db
        .deleteFrom('oidc_session_links')
        .where('expires_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
