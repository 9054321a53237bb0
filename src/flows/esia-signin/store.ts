/** The lookups «Войти через госуслуги» needs beyond the people store: regions, attachment, namesakes, a school to link. */
import type { Person } from '../../db/schema.js';
import type { EsiaIdentities } from '../../esia/identities.js';
import type { MatchDeps } from '../../esia/matching.js';
import type { Services } from '../../services.js';

/** How a last name may be written in a profile: as ESIA sends it, capitalised, with «ё» or «е». */
function spellings(lastName: string): string[] {
  const trimmed = lastName.trim().replace(/\s+/g, ' ');
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1).toLowerCase();
  const forms = [trimmed, capital];
  for (const f of [trimmed, capital])
    forms.push(f.replaceAll('ё', 'е').replaceAll('Ё', 'Е'), f.replaceAll('е', 'ё'));
  return [...new Set(forms)].slice(0, 8);
}

export function matchDeps(services: Services, identities: EsiaIdentities): MatchDeps {
  return {
    people: services.people,
    identities,
    async attached(personId) {
      const row = await services.db
        .selectFrom('memberships')
        .select('id')
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return row !== undefined;
    },
    async byLastName(realmId, lastName): Promise<Person[]> {
      return services.db
        .selectFrom('people')
        .selectAll()
        .where('realm_id', '=', realmId)
        .where('last_name', 'in', spellings(lastName))
        .limit(50)
        .execute();
    },
  };
}

export async function regionsOf(
  services: Services,
  realmId: string,
): Promise<{ id: string; name: string }[]> {
  return services.db
    .selectFrom('regions')
    .select(['id', 'name'])
    .where('realm_id', '=', realmId)
    .orderBy('name')
    .execute();
}

/** The first school of a profile, for «Страница школы» in the advice. */
export async function schoolOf(
  services: Services,
  personId: string,
): Promise<{ name: string; slug: string } | null> {
  const row = await services.db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['organisations.name', 'organisations.slug'])
    .where('memberships.person_id', '=', personId)
    .orderBy('memberships.created_at')
    .executeTakeFirst();
  return row ?? null;
}
