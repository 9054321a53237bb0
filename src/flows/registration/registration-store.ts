/**
 * What registration reads and writes beyond the shared stores. The shared people store writes
 * through its own connection, so the writes of a registration live here and take the
 * transaction as executor: the account, its memberships and guardianships, the consumed codes
 * and the audit events commit together or not at all (and SQLite's single connection is never
 * waited on from inside its own transaction).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/crypto/secrets.js';
import type { Database, Executor, NewPerson, Person, Role } from '../../db/schema.js';
import { PENDING_LOGIN_PREFIX } from '../../directory/people-store.js';

/** The credentials and contacts a person chose; contacts are stored unconfirmed. */
export interface AccountFields {
  readonly login: string;
  readonly loginNormalized: string;
  readonly passwordHash: string;
  readonly email: { readonly email: string; readonly normalized: string } | null;
  readonly phone: string | null;
}

export interface NewParentInput {
  readonly realmId: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string | null;
}

export interface RegistrationStore {
  /** Guardians of a child that the school entered and who have not registered yet. */
  pendingGuardiansOf(realmId: string, childId: string): Promise<Person[]>;
  /** The class of a person in an organisation («6А»), if any. */
  classNameOf(personId: string, organisationId: string): Promise<string | null>;
  /**
   * Gives a pending profile its login, password and contacts; false when the profile was no
   * longer pending (someone registered it meanwhile). An empty contact leaves the school's one.
   */
  claimPending(trx: Executor, personId: string, account: AccountFields): Promise<boolean>;
  /** A parent new to the school's records, under the id the caller chose. */
  createParent(trx: Executor, id: string, input: NewParentInput, account: AccountFields): Promise<void>;
  ensureMembership(trx: Executor, personId: string, organisationId: string, role: Role): Promise<void>;
  linkGuardian(trx: Executor, parentId: string, childId: string): Promise<void>;
}

export function registrationStore(db: Kysely<Database>, clock: Clock): RegistrationStore {
  return {
    async pendingGuardiansOf(realmId, childId) {
      return db
        .selectFrom('guardianships as g')
        .innerJoin('people as p', 'p.id', 'g.parent_id')
        .selectAll('p')
        .where('g.child_id', '=', childId)
        .where('p.realm_id', '=', realmId)
        .where('p.login', 'like', `${PENDING_LOGIN_PREFIX}%`)
        .orderBy('p.last_name')
        .orderBy('p.first_name')
        .execute();
    },
    async classNameOf(personId, organisationId) {
      const row = await db
        .selectFrom('memberships as m')
        .innerJoin('classes as c', 'c.id', 'm.class_id')
        .select('c.name')
        .where('m.person_id', '=', personId)
        .where('m.organisation_id', '=', organisationId)
        .orderBy('c.name')
        .executeTakeFirst();
      return row?.name ?? null;
    },
    async claimPending(trx, personId, account) {
      const current = await trx
        .selectFrom('people')
        .select(['email_normalized', 'email_verified_at', 'phone', 'phone_verified_at'])
        .where('id', '=', personId)
        .where('login', 'like', `${PENDING_LOGIN_PREFIX}%`)
        .executeTakeFirst();
      if (!current) return false;
      const now = clock.now();
      // A confirmation holds only for the address or number it was made for.
      const email = account.email
        ? {
            email: account.email.email,
            email_normalized: account.email.normalized,
            email_verified_at:
              current.email_normalized === account.email.normalized ? current.email_verified_at : null,
          }
        : {};
      const phone = account.phone
        ? {
            phone: account.phone,
            phone_verified_at: current.phone === account.phone ? current.phone_verified_at : null,
          }
        : {};
      const result = await trx
        .updateTable('people')
        .set({
          login: account.login,
          login_normalized: account.loginNormalized,
          password_hash: account.passwordHash,
          password_must_change: 0,
          password_changed_at: now,
          updated_at: now,
          ...email,
          ...phone,
        })
        .where('id', '=', personId)
        // The guard that makes a profile registrable once, whatever code is used for it.
        .where('login', 'like', `${PENDING_LOGIN_PREFIX}%`)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async createParent(trx, id, input, account) {
      const now = clock.now();
      const row: NewPerson = {
        id,
        realm_id: input.realmId,
        login: account.login,
        login_normalized: account.loginNormalized,
        last_name: input.lastName,
        first_name: input.firstName,
        middle_name: input.middleName,
        birth_date: null,
        gender: null,
        snils: null,
        iin: null,
        email: account.email?.email ?? null,
        email_normalized: account.email?.normalized ?? null,
        email_verified_at: null,
        phone: account.phone,
        phone_verified_at: null,
        password_hash: account.passwordHash,
        password_must_change: 0,
        password_changed_at: now,
        status: 'active',
        activated_at: null,
        created_at: now,
        updated_at: now,
      };
      await trx.insertInto('people').values(row).execute();
    },
    async ensureMembership(trx, personId, organisationId, role) {
      const existing = await trx
        .selectFrom('memberships')
        .select('id')
        .where('person_id', '=', personId)
        .where('organisation_id', '=', organisationId)
        .where('role', '=', role)
        .executeTakeFirst();
      if (existing) return;
      await trx
        .insertInto('memberships')
        .values({
          id: newId(),
          person_id: personId,
          organisation_id: organisationId,
          class_id: null,
          role,
          created_at: clock.now(),
        })
        .execute();
    },
    async linkGuardian(trx, parentId, childId) {
      await trx
        .insertInto('guardianships')
        .values({ parent_id: parentId, child_id: childId, created_at: clock.now() })
        .onConflict((oc) => oc.columns(['parent_id', 'child_id']).doNothing())
        .execute();
    },
  };
}
