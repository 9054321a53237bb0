/**
 * People of a realm. Every lookup names the realm: a login, email or SNILS from one realm never
 * finds a person of another.
 */
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/crypto/secrets.js';
import type { DirectReads } from '../db/direct-reads.js';
import {
  type Database,
  type Executor,
  type Gender,
  type NewPerson,
  PERSON_ALL_COLUMNS,
  type Person,
  type PersonStatus,
  type Role,
} from '../db/schema.js';

export interface NewPersonInput {
  readonly realmId: string;
  readonly login: string;
  readonly loginNormalized: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName?: string | null;
  readonly birthDate?: string | null;
  readonly gender?: Gender | null;
  readonly snils?: string | null;
  readonly iin?: string | null;
  readonly email?: string | null;
  readonly emailNormalized?: string | null;
  readonly emailVerifiedAt?: number | null;
  readonly phone?: string | null;
  readonly phoneVerifiedAt?: number | null;
  readonly passwordHash?: string | null;
  readonly passwordMustChange?: boolean;
}

/**
 * A profile the school created before the person chose a login (ElJur: the curator enters the
 * class, then hands out invitation codes). Its login is a placeholder that no typed login can
 * equal (`#` is not a login character), and it has no password, so it cannot be signed in to.
 */
export const PENDING_LOGIN_PREFIX = '#';
export function isPendingLogin(login: string): boolean {
  return login.startsWith(PENDING_LOGIN_PREFIX);
}

export interface MembershipView {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly className: string | null;
  readonly role: Role;
}

/** A child as «Мой профиль» lists them: the name. */
export type ChildName = Pick<Person, 'last_name' | 'first_name' | 'middle_name'>;

/** What «Мой профиль» lists under the person: where they belong and their children. */
export interface ProfileLists {
  readonly memberships: readonly MembershipView[];
  readonly children: readonly ChildName[];
}

export interface PeopleStore {
  create(input: NewPersonInput): Promise<Person>;
  /** A profile without a login yet (see PENDING_LOGIN_PREFIX). */
  createPending(input: Omit<NewPersonInput, 'login' | 'loginNormalized' | 'passwordHash'>): Promise<Person>;
  findById(realmId: string, id: string): Promise<Person | null>;
  findByLogin(realmId: string, loginNormalized: string): Promise<Person | null>;
  findByEmail(realmId: string, emailNormalized: string): Promise<Person[]>;
  findByPhone(realmId: string, phone: string): Promise<Person[]>;
  findBySnils(realmId: string, snils: string): Promise<Person[]>;
  findByIin(realmId: string, iin: string): Promise<Person[]>;
  isLoginTaken(realmId: string, loginNormalized: string): Promise<boolean>;
  /** Sets a new password hash; `mustChange` marks a temporary password issued by someone else. */
  /**
   * Sets the password hash inside the caller's transaction. With `expectHash`, only if the stored
   * hash is still that one (a concurrent change wins, this one reports false).
   */
  setPassword(
    executor: Executor,
    id: string,
    passwordHash: string,
    options: { readonly mustChange: boolean; readonly expectHash?: string | null },
  ): Promise<boolean>;
  /** Replaces the hash only (a parameter upgrade), keeping the change time and flags. */
  replaceHash(id: string, passwordHash: string): Promise<void>;
  /** The first successful sign-in activates the account (article 002). */
  markActivated(id: string): Promise<void>;
  setStatus(id: string, status: PersonStatus): Promise<void>;
  membershipsOf(personId: string): Promise<MembershipView[]>;
  addMembership(input: {
    personId: string;
    organisationId: string;
    classId?: string | null;
    role: Role;
  }): Promise<void>;
  linkGuardian(parentId: string, childId: string): Promise<void>;
  childrenOf(parentId: string): Promise<Person[]>;
  /** The memberships and the children's names, in one statement (the profile page's). */
  profileLists(personId: string): Promise<ProfileLists>;
}

/**
 * A query compiled once with placeholder values, run with real ones. The pages every signed-in
 * person opens (profile) and the sign-in ask the same few queries again and again; building
 * and compiling them with Kysely each time cost more than SQLite's answer. `db` compiles them,
 * so the SQL is the dialect's own. The placeholders must come back as the query's parameters,
 * in order: that is checked once here, so a query whose parameters Kysely would reorder or
 * inline fails at start-up instead of running with the wrong values.
 */
function precompiled<R>(
  query: CompiledQuery<R>,
  placeholders: readonly string[],
): (...values: string[]) => CompiledQuery<R> {
  const same =
    query.parameters.length === placeholders.length &&
    query.parameters.every((p, i) => p === placeholders[i]);
  if (!same) throw new Error(`precompiled query: unexpected parameters in ${query.sql}`);
  return (...values) => ({ ...query, parameters: values });
}

export function peopleStore(db: Kysely<Database>, clock: Clock, direct?: DirectReads): PeopleStore {
  const byRealm = (realmId: string) =>
    db.selectFrom('people').select(PERSON_ALL_COLUMNS).where('realm_id', '=', realmId);
  const byId = precompiled(byRealm('\u0000realm').where('id', '=', '\u0000id').compile(), [
    '\u0000realm',
    '\u0000id',
  ]);
  const byLogin = precompiled(
    byRealm('\u0000realm').where('login_normalized', '=', '\u0000login').compile(),
    ['\u0000realm', '\u0000login'],
  );
  /**
   * People by a contact or a number, for the flows that must answer alike whoever is asked about
   * (recovery, registration): compiled once, and always one row or more — the realm's row joined
   * with the matches, so a lookup that finds nobody still reads and decodes one row of every
   * column (all null) and costs what a lookup that finds somebody costs.
   */
  const contactLookup = (column: 'email_normalized' | 'phone' | 'snils' | 'iin') => {
    const query = precompiled(
      db
        .selectFrom('realms as r')
        .leftJoin('people as p', (join) =>
          join.onRef('p.realm_id', '=', 'r.id').on(`p.${column}`, '=', '\u0000value'),
        )
        .select(PERSON_ALL_COLUMNS.map((c) => `p.${c}` as const))
        .where('r.id', '=', '\u0000realm')
        .compile(),
      ['\u0000value', '\u0000realm'],
    );
    return async (realmId: string, value: string): Promise<Person[]> => {
      const { rows } = await db.executeQuery(query(value, realmId));
      return rows.filter((row) => row.id !== null) as Person[];
    };
  };
  const byContact = {
    email_normalized: contactLookup('email_normalized'),
    phone: contactLookup('phone'),
    snils: contactLookup('snils'),
    iin: contactLookup('iin'),
  };
  const memberships = precompiled(
    db
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .leftJoin('classes as c', 'c.id', 'm.class_id')
      .select([
        'o.id as organisationId',
        'o.name as organisationName',
        'c.name as className',
        'm.role as role',
      ])
      .where('m.person_id', '=', '\u0000person')
      .orderBy('o.name')
      .orderBy('m.role')
      .compile(),
    ['\u0000person'],
  );
  const children = precompiled(
    db
      .selectFrom('guardianships as g')
      .innerJoin('people as p', 'p.id', 'g.child_id')
      .select(PERSON_ALL_COLUMNS.map((c) => `p.${c}` as const))
      .where('g.parent_id', '=', '\u0000parent')
      .orderBy('p.last_name')
      .orderBy('p.first_name')
      .compile(),
    ['\u0000parent'],
  );
  // Both lists of the profile page as one statement: rows of either kind in the same columns,
  // each kind in its own order. One round trip instead of two (on PostgreSQL a socket write and
  // a wake-up each, which cost the service more than the page's HTML).
  const lists = precompiled(
    db
      .selectFrom('memberships as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .leftJoin('classes as c', 'c.id', 'm.class_id')
      .select([
        sql.lit('m').as('kind'),
        'o.id as a',
        'o.name as b',
        'c.name as c',
        sql<string | null>`${sql.ref('m.role')}`.as('d'),
        'o.name as s1',
        sql<string>`${sql.ref('m.role')}`.as('s2'),
      ])
      .where('m.person_id', '=', '\u0000person')
      .unionAll(
        db
          .selectFrom('guardianships as g')
          .innerJoin('people as p', 'p.id', 'g.child_id')
          .select([
            sql.lit('p').as('kind'),
            'p.last_name as a',
            'p.first_name as b',
            'p.middle_name as c',
            sql<string | null>`null`.as('d'),
            'p.last_name as s1',
            'p.first_name as s2',
          ])
          .where('g.parent_id', '=', '\u0000parent'),
      )
      .orderBy('kind')
      .orderBy('s1')
      .orderBy('s2')
      .compile(),
    ['\u0000person', '\u0000parent'],
  );
  // On SQLite the profile's lists are read on the connection at once when it is free.
  const listsNow = direct?.(lists('', '')) ?? null;
  return {
    async create(input) {
      const now = clock.now();
      const row: NewPerson = {
        id: newId(),
        realm_id: input.realmId,
        login: input.login,
        login_normalized: input.loginNormalized,
        last_name: input.lastName,
        first_name: input.firstName,
        middle_name: input.middleName ?? null,
        birth_date: input.birthDate ?? null,
        gender: input.gender ?? null,
        snils: input.snils ?? null,
        iin: input.iin ?? null,
        email: input.email ?? null,
        email_normalized: input.emailNormalized ?? null,
        email_verified_at: input.emailVerifiedAt ?? null,
        phone: input.phone ?? null,
        phone_verified_at: input.phoneVerifiedAt ?? null,
        password_hash: input.passwordHash ?? null,
        password_must_change: input.passwordMustChange ? 1 : 0,
        password_changed_at: input.passwordHash ? now : null,
        status: 'active',
        activated_at: null,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('people').values(row).execute();
      return row as Person;
    },
    async createPending(input) {
      const id = newId();
      const placeholder = `${PENDING_LOGIN_PREFIX}${id}`;
      const person = await this.create({ ...input, login: placeholder, loginNormalized: placeholder });
      return person;
    },
    async findById(realmId, id) {
      return (await db.executeQuery(byId(realmId, id))).rows[0] ?? null;
    },
    async findByLogin(realmId, loginNormalized) {
      return (await db.executeQuery(byLogin(realmId, loginNormalized))).rows[0] ?? null;
    },
    findByEmail: (realmId, email) => byContact.email_normalized(realmId, email),
    findByPhone: (realmId, phone) => byContact.phone(realmId, phone),
    findBySnils: (realmId, snils) => byContact.snils(realmId, snils),
    findByIin: (realmId, iin) => byContact.iin(realmId, iin),
    async isLoginTaken(realmId, loginNormalized) {
      const row = await db
        .selectFrom('people')
        .select('id')
        .where('realm_id', '=', realmId)
        .where('login_normalized', '=', loginNormalized)
        .executeTakeFirst();
      return row !== undefined;
    },
    async setPassword(executor, id, passwordHash, { mustChange, expectHash }) {
      const now = clock.now();
      let query = executor
        .updateTable('people')
        .set({
          password_hash: passwordHash,
          password_must_change: mustChange ? 1 : 0,
          password_changed_at: now,
          updated_at: now,
        })
        .where('id', '=', id);
      if (expectHash !== undefined) {
        query =
          expectHash === null
            ? query.where('password_hash', 'is', null)
            : query.where('password_hash', '=', expectHash);
      }
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async replaceHash(id, passwordHash) {
      await db.updateTable('people').set({ password_hash: passwordHash }).where('id', '=', id).execute();
    },
    async markActivated(id) {
      await db
        .updateTable('people')
        .set({ activated_at: clock.now() })
        .where('id', '=', id)
        .where('activated_at', 'is', null)
        .execute();
    },
    async setStatus(id, status) {
      await db.updateTable('people').set({ status, updated_at: clock.now() }).where('id', '=', id).execute();
    },
    async membershipsOf(personId) {
      return (await db.executeQuery(memberships(personId))).rows;
    },
    async addMembership({ personId, organisationId, classId, role }) {
      await db
        .insertInto('memberships')
        .values({
          id: newId(),
          person_id: personId,
          organisation_id: organisationId,
          class_id: classId ?? null,
          role,
          created_at: clock.now(),
        })
        .execute();
    },
    async linkGuardian(parentId, childId) {
      await db
        .insertInto('guardianships')
        .values({ parent_id: parentId, child_id: childId, created_at: clock.now() })
        .onConflict((oc) => oc.columns(['parent_id', 'child_id']).doNothing())
        .execute();
    },
    async childrenOf(parentId) {
      return (await db.executeQuery(children(parentId))).rows;
    },
    async profileLists(personId) {
      const memberships: MembershipView[] = [];
      const children: ChildName[] = [];
      const query = lists(personId, personId);
      for (const row of listsNow?.(query.parameters) ?? (await db.executeQuery(query)).rows) {
        if (row.kind === 'm') {
          memberships.push({
            organisationId: row.a,
            organisationName: row.b,
            className: row.c,
            role: row.d as Role,
          });
        } else {
          children.push({ last_name: row.a, first_name: row.b, middle_name: row.c });
        }
      }
      return { memberships, children };
    },
  };
}
