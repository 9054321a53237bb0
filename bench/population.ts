/**
 * A region's people for the benchmark: `people` persons in organisations of 25 (a teacher with
 * the class, a curator, fourteen students in one class, nine parents of those students), each
 * with a login, a confirmed email and phone, a SNILS and an IIN, all signing in with the same
 * password (one argon2 hash made once: hashing a million passwords would take hours and measure
 * nothing). Rows go in by batched multi-row INSERTs inside transactions, organisations through
 * the store's bulk write, as an import writes them.
 *
 * Values are unique and deterministic: person `i` is `bench.u<i>`, `bench.u<i>@bench.invalid`,
 * phone `+7 9<i, 9 digits>`, SNILS `1<i, 10 digits>`, IIN `2<i, 11 digits>` — the lookups do
 * not check checksums, so the numbers need none.
 */
import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import { systemClock } from '../src/core/clock.js';
import type { DatabaseHandle } from '../src/db/connect.js';
import type { Database, Role } from '../src/db/schema.js';
import { type NewOrganisationInput, organisationStore } from '../src/directory/organisation-store.js';
import { generateSchools } from '../test/support/school-names.js';

export const PER_ORGANISATION = 25;
const STUDENTS = 14;
const PARENTS = 9;
const REGIONS = 85;
/** Rows per INSERT: 22 columns × 1,000 stays below both dialects' parameter limits. */
const BATCH = 1000;
/** Batches per transaction: big enough to amortise the commit, small enough to keep memory flat. */
const BATCHES_PER_COMMIT = 20;

export interface Population {
  readonly people: number;
  readonly organisations: number;
  readonly seedSeconds: number;
  /** Organisation ids, in order: organisation k holds persons 25k … 25k+24. */
  readonly organisationIds: readonly string[];
  readonly regionIds: readonly string[];
  /** What was written, for the school search's mix of queries. */
  readonly schools: readonly NewOrganisationInput[];
}

export const personLogin = (i: number): string => `bench.u${i}`;
export const personEmail = (i: number): string => `bench.u${i}@bench.invalid`;
export const personPhone = (i: number): string => `+79${String(i).padStart(9, '0')}`;
export const personSnils = (i: number): string => `1${String(i).padStart(10, '0')}`;
export const personIin = (i: number): string => `2${String(i).padStart(11, '0')}`;

const LAST = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов'];
const FIRST = ['Алексей', 'Мария', 'Иван', 'Анна', 'Дмитрий', 'Елена', 'Сергей', 'Ольга', 'Айгерім'];

async function inBatches<T>(
  db: Kysely<Database>,
  total: number,
  row: (i: number) => T,
  insert: (trx: Kysely<Database>, rows: T[]) => Promise<unknown>,
): Promise<void> {
  for (let start = 0; start < total; start += BATCH * BATCHES_PER_COMMIT) {
    const end = Math.min(total, start + BATCH * BATCHES_PER_COMMIT);
    await db.transaction().execute(async (trx) => {
      for (let i = start; i < end; i += BATCH) {
        const rows: T[] = [];
        for (let j = i; j < Math.min(end, i + BATCH); j++) rows.push(row(j));
        await insert(trx, rows);
      }
    });
  }
}

/** Seeds `people` persons (rounded up to whole organisations) into `realmId`. */
export async function seedPopulation(
  handle: DatabaseHandle,
  realmId: string,
  people: number,
  passwordHash: string,
  log: (line: string) => void,
): Promise<Population> {
  const { db } = handle;
  const started = performance.now();
  const count = Math.max(1, Math.ceil(people / PER_ORGANISATION));
  const organisations = organisationStore(db, systemClock);
  const regionIds: string[] = [];
  for (let r = 1; r <= REGIONS; r++) {
    regionIds.push(await organisations.createRegion(realmId, `b${r}`, `Регион ${r}`));
  }
  const schools = generateSchools(realmId, regionIds, count, {
    seed: 2024,
    slugPrefix: 'bench-',
  }).organisations;
  await organisations.createMany(schools);
  const orgRows = await db
    .selectFrom('organisations')
    .select(['id', 'slug'])
    .where('realm_id', '=', realmId)
    .where('slug', 'like', 'bench-%')
    .execute();
  const organisationIds: string[] = new Array(count);
  for (const o of orgRows) organisationIds[Number(o.slug.slice('bench-'.length))] = o.id;
  await inBatches(
    db,
    count,
    (k) => ({ id: `bench-c${k}`, organisation_id: organisationIds[k] as string, name: '5А', created_at: 0 }),
    (trx, rows) => trx.insertInto('classes').values(rows).execute(),
  );
  log(
    `population: ${count} organisations and their classes in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const total = count * PER_ORGANISATION;
  const now = Date.now();
  await inBatches(
    db,
    total,
    (i) => ({
      id: `bench-p${i}`,
      realm_id: realmId,
      login: personLogin(i),
      login_normalized: personLogin(i),
      last_name: LAST[i % LAST.length] as string,
      first_name: FIRST[(i >> 3) % FIRST.length] as string,
      middle_name: null,
      birth_date: `20${String(10 + (i % 10)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
      gender: null,
      snils: personSnils(i),
      iin: personIin(i),
      email: personEmail(i),
      email_normalized: personEmail(i),
      email_verified_at: now,
      phone: personPhone(i),
      phone_verified_at: now,
      password_hash: passwordHash,
      password_must_change: 0,
      password_changed_at: now,
      status: 'active' as const,
      activated_at: now,
      created_at: now,
      updated_at: now,
    }),
    (trx, rows) => trx.insertInto('people').values(rows).execute(),
  );
  log(`population: ${total} people in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // Within organisation k (people 25k …): 0 teacher of the class, 1 curator, 2–15 students,
  // 16–24 parents; parent j of the organisation guards students j and j + 9 (when there is one).
  const role = (slot: number): Role =>
    slot === 0 ? 'teacher' : slot === 1 ? 'curator' : slot < 2 + STUDENTS ? 'student' : 'parent';
  await inBatches(
    db,
    total,
    (i) => {
      const k = Math.floor(i / PER_ORGANISATION);
      const slot = i % PER_ORGANISATION;
      const r = role(slot);
      return {
        id: `bench-m${i}`,
        person_id: `bench-p${i}`,
        organisation_id: organisationIds[k] as string,
        class_id: r === 'student' || r === 'teacher' ? `bench-c${k}` : null,
        role: r,
        created_at: now,
      };
    },
    (trx, rows) => trx.insertInto('memberships').values(rows).execute(),
  );
  const links: { parent: number; child: number }[] = [];
  for (let j = 0; j < PARENTS; j++) {
    links.push({ parent: 2 + STUDENTS + j, child: 2 + j });
    if (j + PARENTS < STUDENTS) links.push({ parent: 2 + STUDENTS + j, child: 2 + j + PARENTS });
  }
  await inBatches(
    db,
    count * links.length,
    (n) => {
      const k = Math.floor(n / links.length);
      const link = links[n % links.length] as { parent: number; child: number };
      return {
        parent_id: `bench-p${k * PER_ORGANISATION + link.parent}`,
        child_id: `bench-p${k * PER_ORGANISATION + link.child}`,
        created_at: now,
      };
    },
    (trx, rows) => trx.insertInto('guardianships').values(rows).execute(),
  );
  // The planner's statistics after a bulk load, as an import would leave them.
  for (const table of ['organisations', 'classes', 'people', 'memberships', 'guardianships']) {
    await sql`analyze ${sql.table(table)}`.execute(db);
  }
  const seedSeconds = (performance.now() - started) / 1000;
  log(`population: memberships and guardianships, all in ${seedSeconds.toFixed(1)} s`);
  return { people: total, organisations: count, seedSeconds, organisationIds, regionIds, schools };
}
