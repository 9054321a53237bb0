/**
 * Turning the authenticator app on and off, the same from the sign-in step a realm requires and
 * from «Настройки»: the factor, ten new recovery codes and the audit events commit together.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../core/audit/audit.js';
import { extended } from '../core/extended.js';
import type { Database, Executor } from '../db/schema.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { FactorStores } from './stores.js';
import { newTotpSecret } from './totp.js';

export interface EnrolmentDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly factors: FactorStores;
}

export interface ActionMeta {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** A new secret, sealed for the enrolment's flow. */
export function newEnrolmentSecret(deps: Pick<EnrolmentDeps, 'factors'>): { secret: string; sealed: string } {
  const secret = newTotpSecret();
  return { secret, sealed: deps.factors.enrolment.seal(secret) };
}

/**
 * Makes the factor (its first code's step used) and ten recovery codes, inside `then`'s
 * transaction (the caller moves its flow there); null when the person already has an app.
 */
export async function enrolTotp(
  deps: EnrolmentDeps,
  realm: LoadedRealm,
  personId: string,
  secret: string,
  step: number,
  meta: ActionMeta,
  then: (trx: Executor) => Promise<boolean>,
): Promise<string[] | null> {
  return deps.db
    .transaction()
    .execute(async (trx) => {
      const created = await deps.factors.totp.create(trx, { realmId: realm.id, personId, secret, step });
      if (!created) return null;
      if (!(await then(trx))) throw new Rollback();
      const codes = await deps.factors.recoveryCodes.replace(trx, personId);
      const entry = {
        realmId: realm.id,
        actorId: personId,
        subjectId: personId,
        ip: meta.ip,
        userAgent: meta.userAgent,
      };
      await deps.audit.append(extended(entry, { action: 'totp.enrolled' }), trx);
      await deps.audit.append(
        extended(entry, { action: 'recovery_codes.issued', detail: { count: codes.length } }),
        trx,
      );
      return codes;
    })
    .catch((err: unknown) => {
      if (err instanceof Rollback) return null;
      throw err;
    });
}

class Rollback extends Error {}

/** Ten new recovery codes (the old ones stop working). */
export async function reissueRecoveryCodes(
  deps: EnrolmentDeps,
  realm: LoadedRealm,
  personId: string,
  meta: ActionMeta,
): Promise<string[]> {
  return deps.db.transaction().execute(async (trx) => {
    const codes = await deps.factors.recoveryCodes.replace(trx, personId);
    await deps.audit.append(
      {
        realmId: realm.id,
        action: 'recovery_codes.issued',
        actorId: personId,
        subjectId: personId,
        ip: meta.ip,
        userAgent: meta.userAgent,
        detail: { count: codes.length },
      },
      trx,
    );
    return codes;
  });
}

/** Removes the app and the recovery codes. */
export async function removeTotp(
  deps: EnrolmentDeps,
  realm: LoadedRealm,
  personId: string,
  meta: ActionMeta,
): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const removed = await deps.factors.totp.remove(trx, personId);
    if (!removed) return false;
    await deps.factors.recoveryCodes.removeAll(trx, personId);
    await deps.audit.append(
      {
        realmId: realm.id,
        action: 'totp.removed',
        actorId: personId,
        subjectId: personId,
        ip: meta.ip,
        userAgent: meta.userAgent,
      },
      trx,
    );
    return true;
  });
}
