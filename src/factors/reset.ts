/**
 * Removing a person's second factor for them, when they have lost both the authenticator app and
 * the recovery codes (or their passkeys): the school's curator at the desk, who sees the person,
 * or the operator with `propusk factors reset`. The one operation both use, so they keep the
 * same promises:
 *
 * - one transaction: the authenticator app, the recovery codes and every passkey are deleted,
 *   every session of the person ends, the audit event (`second_factor.reset`: who, whom, what
 *   was removed — never a secret) and the letter to a confirmed address commit together;
 * - the deletes are the condition: of two resets at once, only the one that deleted something
 *   writes the rest; the other is told `none` (as is a reset of a person without a factor);
 * - after the commit the ended sessions are announced, so the applications they signed in
 *   (OpenID Connect) end theirs too.
 *
 * The person signs in with their password as before; where the realm requires a second factor,
 * the sign-in asks them to enrol a new one.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../core/audit/audit.js';
import { type Clock, formatUtc } from '../core/clock.js';
import { newId } from '../core/crypto/secrets.js';
import type { Database, Person } from '../db/schema.js';
import type { Notifier } from '../messaging/notify.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { EndedSession, SessionService } from '../sessions/sessions.js';

export interface FactorResetDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly sessions: SessionService;
  readonly audit: AuditLog;
  readonly notify: Notifier;
}

export interface FactorReset {
  readonly realm: LoadedRealm;
  readonly person: Person;
  /** The organisation whose desk did it (named in the letter); null from the command line. */
  readonly organisation: { readonly id: string; readonly name: string } | null;
  readonly actorId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly via: 'desk' | 'cli' | 'api';
  /** The admin API token that did it (`via: 'api'`), for the audit event. */
  readonly tokenId?: string;
}

export type FactorResetOutcome =
  | {
      readonly kind: 'reset';
      readonly totp: boolean;
      readonly passkeys: number;
      readonly recoveryCodes: number;
      readonly sessionsEnded: number;
    }
  | { readonly kind: 'none' };

type Committed =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'committed';
      readonly totp: boolean;
      readonly passkeys: number;
      readonly recoveryCodes: number;
      readonly ended: readonly EndedSession[];
    };

export async function resetSecondFactor(
  deps: FactorResetDeps,
  reset: FactorReset,
): Promise<FactorResetOutcome> {
  const { realm, person } = reset;
  const now = deps.clock.now();
  const committed = await deps.db.transaction().execute(async (trx): Promise<Committed> => {
    const totp = await trx.deleteFrom('totp_factors').where('person_id', '=', person.id).executeTakeFirst();
    const keys = await trx.deleteFrom('passkeys').where('person_id', '=', person.id).executeTakeFirst();
    const totpRemoved = Number(totp.numDeletedRows) > 0;
    const passkeys = Number(keys.numDeletedRows);
    if (!totpRemoved && passkeys === 0) return { kind: 'none' };
    const codes = await trx
      .deleteFrom('recovery_codes')
      .where('person_id', '=', person.id)
      .executeTakeFirst();
    const recoveryCodes = Number(codes.numDeletedRows);
    const ended = await deps.sessions.endAllOf(person.id, null, trx);
    await deps.audit.append(
      {
        realmId: realm.id,
        action: 'second_factor.reset',
        actorId: reset.actorId,
        subjectId: person.id,
        organisationId: reset.organisation?.id ?? null,
        ip: reset.ip,
        userAgent: reset.userAgent,
        detail: {
          login: person.login,
          via: reset.via,
          ...(reset.tokenId === undefined ? {} : { token_id: reset.tokenId }),
          totp: totpRemoved,
          passkeys,
          recovery_codes: recoveryCodes,
          sessions_ended: ended.length,
        },
      },
      trx,
    );
    if (person.email && person.email_verified_at !== null) {
      await deps.notify.email(trx, {
        realm,
        locale: realm.settings.defaultLocale,
        personId: person.id,
        to: person.email,
        template: 'second_factor_reset',
        params: {
          name: person.first_name,
          when: formatUtc(now),
          by: reset.organisation?.name ?? realm.settings.productName,
        },
        idempotencyKey: `second-factor-reset:${person.id}:${newId()}`,
      });
    }
    return { kind: 'committed', totp: totpRemoved, passkeys, recoveryCodes, ended };
  });
  if (committed.kind === 'none') return committed;
  deps.notify.flush();
  await deps.sessions.announceEnded(committed.ended, 'second_factor_reset');
  return {
    kind: 'reset',
    totp: committed.totp,
    passkeys: committed.passkeys,
    recoveryCodes: committed.recoveryCodes,
    sessionsEnded: committed.ended.length,
  };
}
