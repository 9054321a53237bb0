/**
 * The one transaction of a registration, and what a rollback means for the person.
 *
 * In one transaction: the flow moves `code_ok → done` (version compared: a second submit, or two
 * at once, find it moved), the pending profile is claimed or the new parent created, the
 * memberships and guardianships are written, every code is consumed (each once), and the audit
 * events are appended. A code or a login taken meanwhile rolls all of it back.
 */
import { newId } from '../../core/crypto/secrets.js';
import { extended } from '../../core/extended.js';
import type { Person } from '../../db/schema.js';
import { markRegistered } from '../../directory/after-registration.js';
import { type AccountErrors, NO_ERRORS } from './account-form.js';
import type { ChildCode } from './children-step.js';
import type { Invitee } from './flow-load.js';
import { LOGIN_TAKEN } from './login-check.js';
import { type RegistrationFlow, registrationFlow } from './machine.js';
import type { Meta, Place, Problem, RegistrationDeps } from './registration.js';
import { storeOf } from './registration.js';
import type { AccountFields } from './registration-store.js';

/** Who the account is: a profile the school entered, or a parent new to the school's records. */
export type Registrant =
  | { readonly kind: 'pending'; readonly person: Person; readonly invitee: boolean }
  | {
      readonly kind: 'new';
      readonly lastName: string;
      readonly firstName: string;
      readonly middleName: string | null;
    };

/** Everything the checks of the account form settled. */
export interface Registration {
  readonly flow: RegistrationFlow;
  readonly invitee: Invitee;
  readonly registrant: Registrant;
  readonly account: AccountFields;
  readonly childCodes: readonly ChildCode[];
}

export type Committed =
  | { readonly kind: 'done' }
  | { readonly kind: 'invalid'; readonly errors: AccountErrors }
  /** The flow's own code stopped working (used, voided, expired, its profile registered). */
  | { readonly kind: 'lost' }
  /** The flow moved meanwhile: a second submit of a finished registration. */
  | { readonly kind: 'gone' };

/** Why a commit was rolled back; thrown inside the transaction, caught around it. */
class Rollback extends Error {
  constructor(
    readonly reason: 'flow' | 'lost' | 'guardian' | 'child_code',
    readonly index = -1,
  ) {
    super(reason);
  }
}

export async function commitRegistration(
  deps: RegistrationDeps,
  place: Place,
  registration: Registration,
  meta: Meta,
): Promise<Committed> {
  const childErrors = registration.childCodes.map(() => null);
  try {
    await commit(deps, place, registration, meta);
    return { kind: 'done' };
  } catch (err) {
    return afterRollback(deps, place, err, registration.account, childErrors);
  }
}

/** What a rolled-back commit means for the person; anything unexplained is rethrown. */
async function afterRollback(
  deps: RegistrationDeps,
  { realm }: Place,
  err: unknown,
  account: AccountFields,
  childErrors: readonly (Problem | null)[],
): Promise<Committed> {
  const meanwhile: Problem = { key: 'registration.error.code_taken_meanwhile' };
  if (err instanceof Rollback) {
    switch (err.reason) {
      case 'flow':
        return { kind: 'gone' };
      case 'lost':
        return { kind: 'lost' };
      case 'guardian':
        return {
          kind: 'invalid',
          errors: extended(NO_ERRORS, { childCodes: childErrors, fields: { guardian: meanwhile } }),
        };
      case 'child_code':
        return {
          kind: 'invalid',
          errors: extended(NO_ERRORS, {
            childCodes: childErrors.map((_, i) => (i === err.index ? meanwhile : null)),
            banner: meanwhile,
          }),
        };
    }
  }
  // Another registration took the login between the check and the write: the unique index
  // refused this one, and the whole transaction is gone. (This request's check was counted.)
  if (await deps.people.isLoginTaken(realm.id, account.loginNormalized)) {
    return {
      kind: 'invalid',
      errors: extended(NO_ERRORS, { childCodes: childErrors, fields: { login: LOGIN_TAKEN } }),
    };
  }
  throw err;
}

async function commit(deps: RegistrationDeps, place: Place, r: Registration, meta: Meta): Promise<void> {
  const { realm, school } = place;
  const { flow, invitee, registrant, account } = r;
  const store = storeOf(deps);
  // Chosen before the transaction so the flow can record it as its first write.
  const accountId = registrant.kind === 'pending' ? registrant.person.id : newId();
  const children = [
    ...(invitee.role === 'parent' ? [invitee.person] : []),
    ...r.childCodes.map((c) => c.child),
  ];
  const entry = {
    realmId: realm.id,
    actorId: accountId,
    organisationId: school.id,
    ip: meta.ip,
    userAgent: meta.userAgent,
  };
  await deps.db.transaction().execute(async (trx) => {
    // Single use: the flow moves to `done` once; a second submit finds it moved.
    const moved = await deps.flows.move(trx, registrationFlow, flow, 'done', {
      data: { accountId, login: account.login, emailGiven: account.email !== null },
    });
    if (!moved) throw new Rollback('flow');

    if (registrant.kind === 'pending') {
      if (!(await store.claimPending(trx, registrant.person.id, account)))
        throw new Rollback(registrant.invitee ? 'lost' : 'guardian');
    } else {
      const { lastName, firstName, middleName } = registrant;
      await store.createParent(
        trx,
        accountId,
        { realmId: realm.id, lastName, firstName, middleName },
        account,
      );
    }

    if (children.length > 0) await store.ensureMembership(trx, accountId, school.id, 'parent');
    for (const child of children) await store.linkGuardian(trx, accountId, child.id);

    const codes = [invitee.invitation, ...r.childCodes.map((c) => c.invitation)];
    for (const [i, invitation] of codes.entries()) {
      if (!(await deps.invitations.consume(trx, invitation.id, accountId)))
        throw i === 0 ? new Rollback('lost') : new Rollback('child_code', i - 1);
      const detail = { invitationId: invitation.id, prefix: invitation.prefix };
      await deps.audit.append(
        extended(entry, { action: 'invitation.used', subjectId: invitation.person_id, detail }),
        trx,
      );
    }
    // The first sign-in asks to confirm the email and sends the letter (article 003).
    await markRegistered(deps.flows, trx, realm.id, accountId);
    await deps.audit.append(
      extended(entry, {
        action: 'registration.completed',
        subjectId: accountId,
        detail: {
          flowId: flow.id,
          role: invitee.role,
          profile: registrant.kind === 'pending' ? 'school_record' : 'new',
          children: children.length,
          email: account.email !== null,
          phone: account.phone !== null,
        },
      }),
      trx,
    );
  });
}
