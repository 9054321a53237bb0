/**
 * What the school directory's tests share: the pages' readers and the schools they are run
 * against (the demo realms plus a realm with more schools than a page lists, names with
 * wildcards and every letter the fold knows, a class teacher in ElJur 1399, a blocked and a
 * doubled administrator in Dnevnik 1535).
 */
import assert from 'node:assert/strict';
import { FOLD_PAIRS } from '../../src/pages/schools/search.js';
import type { Services } from '../../src/services.js';

/** Every uppercase letter the fold knows, for the test that all of them fold in SQL too. */
export const ALL_FOLDED_FROM = FOLD_PAIRS.map(([from]) => from)
  .filter((ch) => ch !== '\u00a0')
  .join('');

export function search(realm: string, params: Record<string, string> | string): string {
  const query = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  return `/r/${realm}/schools?${query}`;
}

/** The names of the listed schools, in page order (as the HTML shows them, escaped). */
export function resultsOf(body: string): string[] {
  return [...body.matchAll(/<li class="school-result"><a href="[^"]+">([^<]*)<\/a>/g)].map((m) => m[1] ?? '');
}

export function linksOf(body: string): string[] {
  return [...body.matchAll(/<li class="school-result"><a href="([^"]+)">/g)].map((m) => m[1] ?? '');
}

export function fieldErrorOf(body: string, field: string): string | null {
  return (
    new RegExp(`<p class="field-error" id="${field}-error">([\\s\\S]*?)</p>`).exec(body)?.[1]?.trim() ?? null
  );
}

/** The markup of one section of the school page, by its class. */
export function sectionOf(body: string, cls: string): string | null {
  return new RegExp(`<section class="${cls}">([\\s\\S]*?)</section>`).exec(body)?.[1] ?? null;
}

export function listItems(markup: string): string[] {
  return [...markup.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1] ?? '');
}

/** Class name → its «Сотрудники класса» names (empty when the block is absent). */
export function classesOf(body: string): Map<string, string[]> {
  const block = sectionOf(body, 'school-classes') ?? '';
  const out = new Map<string, string[]>();
  const parts = block.split('<span class="class-name">').slice(1);
  for (const part of parts) {
    const name = part.slice(0, part.indexOf('</span>'));
    const staff = /<div class="class-staff">([\s\S]*?)<\/div>/.exec(part)?.[1];
    out.set(name, staff ? listItems(staff) : []);
  }
  return out;
}

/** Adds the schools and people the directory tests expect; returns region ids by `realm/name`. */
export async function seedSchools(services: Services): Promise<Map<string, string>> {
  // ElJur 1399: the teacher Орлова becomes a class teacher of 6А.
  const s1399 = await services.organisations.findBySlug('eljur', '1399');
  assert.ok(s1399);
  const orlova = await services.people.findByLogin('eljur', 'orlova.math');
  assert.ok(orlova);
  const class6a = await services.db
    .selectFrom('classes')
    .select('id')
    .where('organisation_id', '=', s1399.id)
    .where('name', '=', '6А')
    .executeTakeFirstOrThrow();
  await services.people.addMembership({
    personId: orlova.id,
    organisationId: s1399.id,
    classId: class6a.id,
    role: 'teacher',
  });

  // Dnevnik 1535: a blocked administrator, and the real one holding the role twice.
  const s1535 = await services.organisations.findBySlug('dnevnik', '1535');
  assert.ok(s1535);
  const blocked = await services.people.create({
    realmId: 'dnevnik',
    login: 'uvolena.zoya',
    loginNormalized: 'uvolena.zoya',
    lastName: 'Уволенная',
    firstName: 'Зоя',
  });
  await services.people.setStatus(blocked.id, 'blocked');
  await services.people.addMembership({ personId: blocked.id, organisationId: s1535.id, role: 'admin' });
  const admin = await services.people.findByLogin('dnevnik', 'admin1535');
  assert.ok(admin);
  await services.people.addMembership({ personId: admin.id, organisationId: s1535.id, role: 'admin' });

  // A realm with more schools than a page lists, and names with wildcards and rarer letters.
  await services.realms.create({ id: 'many', name: 'Много школ', preset: 'dnevnik' });
  const edge = await services.organisations.createRegion('many', '01', 'Тестовый край');
  for (let n = 1; n <= 55; n++) {
    const number = String(n).padStart(2, '0');
    await services.organisations.create({
      realmId: 'many',
      regionId: edge,
      kind: 'school',
      name: `Школа № ${number}`,
      number,
      slug: `m-${number}`,
    });
  }
  const extra: [string, string, string | null][] = [
    ['Центр 100% успеха', 'centr', null],
    ['Лицей_7', 'licey', '7'],
    ['Вечерняя школа', 'evening', '404'],
    ['Школа имени Артёма', 'artem', null],
    ['Қазақ мектебі', 'kazakh', null],
    ['Гимназия\u00a0№ 3', 'gymn', '3'],
    [`Буквы ${ALL_FOLDED_FROM}`, 'letters', null],
  ];
  for (const [name, slug, number] of extra) {
    await services.organisations.create({ realmId: 'many', kind: 'school', name, number, slug });
  }

  const regionIds = new Map<string, string>();
  for (const r of await services.db.selectFrom('regions').select(['id', 'realm_id', 'name']).execute()) {
    regionIds.set(`${r.realm_id}/${r.name}`, r.id);
  }
  return regionIds;
}
