/**
 * Who an ESIA account is in a realm (article 002 for `name_snils`, article 003 for
 * `attributes`). Each refusal is a reason the failure page explains, with the profile when one
 * was found (its school's page is linked in the advice).
 *
 * name_snils:
 * - a linked profile: a minor's must be activated (signed in at least once) and match in full
 *   name and birth date; an adult's account must be at the required level;
 * - otherwise a minor must link by hand; an adult needs the required level and a profile with
 *   the same full name and SNILS, attached to at least one organisation. A profile the school
 *   entered without a login goes on to the registration wizard.
 * attributes: the first attribute ESIA knows (SNILS, or an email or mobile ESIA marks
 * verified) that finds exactly one profile; several is a refusal of its own.
 *
 * Names compare ignoring case, «ё»/«е» and extra spaces, and nothing else.
 */
import type { Person } from '../db/schema.js';
import { isPendingLogin, type PeopleStore } from '../directory/people-store.js';
import type { RealmSettings } from '../realms/presets.js';
import type { EsiaIdentities } from './identities.js';
import { type EsiaPerson, LEVEL_RANK } from './person.js';

export type MatchFailure =
  | 'no_profile'
  | 'no_organisation'
  | 'name_differs'
  | 'snils_differs'
  | 'no_snils'
  | 'level'
  | 'minor_not_linked'
  | 'minor_not_activated'
  | 'minor_name_differs'
  | 'minor_birth_differs'
  | 'several'
  | 'blocked';

export type Match =
  | { readonly kind: 'person'; readonly person: Person; readonly via: 'link' | 'snils' | 'email' | 'mobile' }
  | { readonly kind: 'register'; readonly person: Person }
  | { readonly kind: 'failed'; readonly reason: MatchFailure; readonly person: Person | null };

export function normalName(text: string | null | undefined): string {
  return (text ?? '').toLowerCase().replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();
}

export function sameName(p: Person, e: EsiaPerson): boolean {
  return (
    normalName(p.last_name) === normalName(e.lastName) &&
    normalName(p.first_name) === normalName(e.firstName) &&
    normalName(p.middle_name) === normalName(e.middleName)
  );
}

/** Full years on `today` (YYYY-MM-DD) of someone born on `birth`. */
export function ageOn(birth: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) < birth.slice(5) ? years - 1 : years;
}

export interface MatchDeps {
  readonly people: PeopleStore;
  readonly identities: EsiaIdentities;
  /** Whether the profile belongs to at least one organisation. */
  readonly attached: (personId: string) => Promise<boolean>;
  /** Profiles of the realm whose last name is written like this one's (any case, ё/е). */
  readonly byLastName: (realmId: string, lastName: string) => Promise<Person[]>;
}

const failed = (reason: MatchFailure, person: Person | null = null): Match => ({
  kind: 'failed',
  reason,
  person,
});

async function adultChecks(
  deps: MatchDeps,
  person: Person,
  via: 'link' | 'snils' | 'email' | 'mobile',
): Promise<Match> {
  if (person.status === 'blocked') return failed('blocked', person);
  if (!(await deps.attached(person.id))) return failed('no_organisation', person);
  if (isPendingLogin(person.login)) return { kind: 'register', person };
  return { kind: 'person', person, via };
}

export async function matchPerson(
  deps: MatchDeps,
  realmId: string,
  settings: NonNullable<RealmSettings['gosuslugi']>,
  esia: EsiaPerson,
  today: string,
): Promise<Match> {
  const minor = esia.birthDate !== null && ageOn(esia.birthDate, today) < 18;
  const levelOk = LEVEL_RANK[esia.level] >= LEVEL_RANK[settings.requiredLevel];
  const linkedId = await deps.identities.personOf(realmId, esia.oid);
  const linked = linkedId ? await deps.people.findById(realmId, linkedId) : null;
  if (linked) {
    if (minor) {
      if (linked.activated_at === null) return failed('minor_not_activated', linked);
      if (!sameName(linked, esia)) return failed('minor_name_differs', linked);
      if (linked.birth_date !== esia.birthDate) return failed('minor_birth_differs', linked);
    } else if (!levelOk) return failed('level', linked);
    return adultChecks(deps, linked, 'link');
  }
  if (settings.matching === 'attributes')
    return matchByAttributes(deps, realmId, settings.attributes, esia, levelOk);
  if (minor) return failed('minor_not_linked', await sameNamed(deps, realmId, esia));
  if (!levelOk) return failed('level', await sameNamed(deps, realmId, esia));
  const bySnils = esia.snils ? await deps.people.findBySnils(realmId, esia.snils) : [];
  const named = bySnils.filter((p) => sameName(p, esia));
  if (named.length > 1) return failed('several');
  const [found] = named;
  if (found) return adultChecks(deps, found, 'snils');
  if (bySnils.length > 0) return failed('name_differs', bySnils[0] ?? null);
  const namesake = await sameNamed(deps, realmId, esia);
  if (namesake) return failed(namesake.snils ? 'snils_differs' : 'no_snils', namesake);
  return failed('no_profile');
}

async function sameNamed(deps: MatchDeps, realmId: string, esia: EsiaPerson): Promise<Person | null> {
  const candidates = (await deps.byLastName(realmId, esia.lastName)).filter((p) => sameName(p, esia));
  return (
    candidates.find(
      (p) => esia.birthDate === null || p.birth_date === null || p.birth_date === esia.birthDate,
    ) ?? null
  );
}

async function matchByAttributes(
  deps: MatchDeps,
  realmId: string,
  attributes: readonly ('snils' | 'email' | 'mobile')[],
  esia: EsiaPerson,
  levelOk: boolean,
): Promise<Match> {
  if (!levelOk) return failed('level');
  for (const attribute of attributes) {
    let found: Person[] = [];
    if (attribute === 'snils' && esia.snils) found = await deps.people.findBySnils(realmId, esia.snils);
    for (const c of esia.contacts) {
      if (!c.verified || found.length > 0) continue;
      if (attribute === 'email' && c.type === 'email')
        found = await deps.people.findByEmail(realmId, c.value.trim().toLowerCase());
      if (attribute === 'mobile' && c.type === 'mobile') {
        const digits = c.value.replace(/\D/g, '');
        if (/^7\d{10}$/.test(digits)) found = await deps.people.findByPhone(realmId, `+${digits}`);
      }
    }
    const live = found.filter((p) => !isPendingLogin(p.login));
    if (live.length > 1) return failed('several');
    const [one] = live;
    if (one) return adultChecks(deps, one, attribute);
  }
  return failed('no_profile');
}
