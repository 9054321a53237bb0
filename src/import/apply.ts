/**
 * Importing one batch of roster rows in one transaction: new people as pending profiles (no
 * login, no password: they register by invitation code, through Gosuslugi or get an issued
 * password), memberships in the school and its classes, parent–child links, and the audit.
 *
 * Idempotent: every row is matched again inside the transaction (SNILS, else name and birth
 * date), a membership or link that exists is not written again, and existing people are never
 * changed (a correction is an administrator's act with a reason). Re-importing a file changes
 * nothing. Rows that the school's data refuses now (an unknown class, an ambiguous match) are
 * skipped, as the dry run reported.
 */

import type { Transaction } from 'kysely';
import type { AuditEntry, AuditLog } from '../core/audit/audit.js';
import { newId } from '../core/crypto/secrets.js';
import type { Database, NewPerson } from '../db/schema.js';
import { PENDING_LOGIN_PREFIX } from '../directory/people-store.js';
import type { ImportContext } from './check.js';
import { lookupsOf } from './check.js';
import {
  childMatch,
  findKnown,
  fullNameKey,
  type KnownPerson,
  knownIds,
  matchOf,
  membershipsIn,
} from './match.js';
import { nameKey, normalizeClassName, type RosterRow } from './rows.js';

export interface BatchSummary {
  created: number;
  attached: number;
  unchanged: number;
  skipped: number;
  links: number;
}

export const EMPTY_SUMMARY: BatchSummary = { created: 0, attached: 0, unchanged: 0, skipped: 0, links: 0 };

export interface ImportActor {
  readonly actorId: string | null;
  readonly ip: string | null;
  readonly via: 'desk' | 'cli' | 'api';
}

async function classIds(
  trx: Transaction<Database>,
  ctx: ImportContext,
  rows: readonly RosterRow[],
  now: number,
) {
  const existing = await trx
    .selectFrom('classes')
    .select(['id', 'name'])
    .where('organisation_id', '=', ctx.organisationId)
    .execute();
  const ids = new Map(existing.map((c) => [normalizeClassName(c.name), c.id]));
  if (ctx.createClasses) {
    for (const r of rows) {
      if (r.className === null || ids.has(r.className)) continue;
      const id = newId();
      await trx
        .insertInto('classes')
        .values({ id, organisation_id: ctx.organisationId, name: r.className, created_at: now })
        .execute();
      ids.set(r.className, id);
    }
  }
  return ids;
}

export async function applyBatch(
  trx: Transaction<Database>,
  audit: AuditLog,
  now: number,
  ctx: ImportContext,
  rows: readonly RosterRow[],
  actor: ImportActor,
  importId: string,
): Promise<BatchSummary> {
  const summary: BatchSummary = { ...EMPTY_SUMMARY };
  const classes = await classIds(trx, ctx, rows, now);
  const known = await findKnown(trx, ctx.realm.id, lookupsOf(ctx.organisationId, rows));
  const ids = knownIds(known);
  const held = await membershipsIn(trx, ctx.organisationId, ids);
  const people: NewPerson[] = [];
  const memberships: {
    id: string;
    person_id: string;
    organisation_id: string;
    class_id: string | null;
    role: RosterRow['role'];
    created_at: number;
  }[] = [];
  const events: AuditEntry[] = [];
  const base = {
    realmId: ctx.realm.id,
    organisationId: ctx.organisationId,
    actorId: actor.actorId,
    ip: actor.ip,
  };
  const remember = (p: KnownPerson, middle: string | null): void => {
    if (p.snils) (known.bySnils as Map<string, KnownPerson>).set(p.snils, p);
    if (p.birthDate)
      (known.byName as Map<string, KnownPerson[]>).set(nameKey(p.lastName, p.firstName, p.birthDate), [p]);
    else if (!p.snils)
      (known.inSchool as Map<string, KnownPerson[]>).set(fullNameKey(p.lastName, p.firstName, middle), [p]);
  };
  const links: { parent_id: string; child_id: string; created_at: number }[] = [];
  for (const r of rows) {
    const classId: string | null | undefined = r.className === null ? null : classes.get(r.className);
    const match = matchOf(known, r);
    if (classId === undefined || match.kind === 'ambiguous' || match.kind === 'snils_conflict') {
      summary.skipped++;
      continue;
    }
    let personId: string;
    if (match.kind === 'none') {
      personId = newId();
      const login = `${PENDING_LOGIN_PREFIX}${personId}`;
      people.push({
        id: personId,
        realm_id: ctx.realm.id,
        login,
        login_normalized: login,
        last_name: r.lastName,
        first_name: r.firstName,
        middle_name: r.middleName,
        birth_date: r.birthDate,
        gender: null,
        snils: r.snils,
        iin: null,
        email: r.email?.email ?? null,
        email_normalized: r.email?.normalized ?? null,
        email_verified_at: null,
        phone: r.phone,
        phone_verified_at: null,
        password_hash: null,
        password_must_change: 0,
        password_changed_at: null,
        status: 'active',
        activated_at: null,
        created_at: now,
        updated_at: now,
      });
      remember(
        {
          id: personId,
          lastName: r.lastName,
          firstName: r.firstName,
          birthDate: r.birthDate,
          snils: r.snils,
        },
        r.middleName,
      );
      events.push({
        ...base,
        action: 'person.created',
        subjectId: personId,
        detail: { via: actor.via, import_id: importId },
      });
      summary.created++;
    } else {
      personId = match.person.id;
    }
    const mine = held.get(personId) ?? [];
    const present = mine.some((m) => m.role === r.role && (r.role !== 'student' || m.classId === classId));
    if (!present) {
      memberships.push({
        id: newId(),
        person_id: personId,
        organisation_id: ctx.organisationId,
        class_id: classId,
        role: r.role,
        created_at: now,
      });
      mine.push({ role: r.role, classId });
      held.set(personId, mine);
      if (match.kind !== 'none') {
        summary.attached++;
        events.push({
          ...base,
          action: 'membership.added',
          subjectId: personId,
          detail: { role: r.role, class: r.className, via: actor.via, import_id: importId },
        });
      }
    } else if (match.kind !== 'none') summary.unchanged++;
    for (const c of r.children) {
      const child = childMatch(known, c);
      if (child.kind === 'one')
        links.push({ parent_id: personId, child_id: child.person.id, created_at: now });
    }
  }
  for (let i = 0; i < people.length; i += 500)
    await trx
      .insertInto('people')
      .values(people.slice(i, i + 500))
      .execute();
  for (let i = 0; i < memberships.length; i += 1000)
    await trx
      .insertInto('memberships')
      .values(memberships.slice(i, i + 1000))
      .execute();
  for (let i = 0; i < links.length; i += 1000) {
    const result = await trx
      .insertInto('guardianships')
      .values(links.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['parent_id', 'child_id']).doNothing())
      .executeTakeFirst();
    summary.links += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  await audit.appendMany(events, trx);
  return summary;
}
