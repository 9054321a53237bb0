/**
 * What a token reaches. A realm's token: every organisation and person of its realm. An
 * organisation's token: that organisation and its members (a membership there, or a guardian of
 * one of its students). Anything outside is "not found" — the same answer as for what does not
 * exist, so a token learns nothing about other organisations or realms — except the operations
 * of the whole realm, which tell an organisation's token 403 (`forbidden_scope`).
 */
import type { Organisation, Person } from '../db/schema.js';
import { studentIdsOf } from '../directory/members.js';
import type { Services } from '../services.js';
import { ApiError } from './errors.js';
import type { ApiScope } from './operation.js';

/** The organisation a slug names, if the token reaches it. */
export async function organisationInScope(
  services: Services,
  scope: ApiScope,
  slug: string,
): Promise<Organisation> {
  if (scope.organisation) {
    if (scope.organisation.slug !== slug) throw new ApiError('not_found');
    return scope.organisation;
  }
  const organisation = await services.organisations.findBySlug(scope.realm.id, slug);
  if (!organisation) throw new ApiError('not_found');
  return organisation;
}

/** The organisation an operation works in: the named one, or an organisation token's own. */
export async function chosenOrganisation(
  services: Services,
  scope: ApiScope,
  slug: string | undefined,
): Promise<Organisation | null> {
  if (slug !== undefined) return organisationInScope(services, scope, slug);
  return scope.organisation;
}

/** A member of the organisation a slug names, both in the token's reach: its roles and classes there. */
export async function memberInScope(services: Services, scope: ApiScope, slug: string, personId: string) {
  const organisation = await organisationInScope(services, scope, slug);
  const member = await services.members.findMember(scope.realm.id, organisation.id, personId);
  if (!member) throw new ApiError('not_found');
  return { organisation, member };
}

/** The person an id names, if the token reaches them. */
export async function personInScope(services: Services, scope: ApiScope, id: string): Promise<Person> {
  if (scope.organisation) {
    const member = await services.members.findMember(scope.realm.id, scope.organisation.id, id);
    if (!member) throw new ApiError('not_found');
    return member.person;
  }
  const person = await services.people.findById(scope.realm.id, id);
  if (!person) throw new ApiError('not_found');
  return person;
}

/** The ids of an organisation's people, as a subquery: members, and guardians of its students. */
export function memberIdsOf(services: Services, organisationId: string) {
  const { db } = services;
  return db
    .selectFrom('memberships')
    .select('person_id')
    .where('organisation_id', '=', organisationId)
    .union(
      db
        .selectFrom('guardianships')
        .select('parent_id as person_id')
        .where('child_id', 'in', studentIdsOf(db, organisationId)),
    );
}

/** An organisation's token may not act on a privileged person (checked for that organisation). */
export async function requireActionable(
  services: Services,
  scope: ApiScope,
  personId: string,
): Promise<void> {
  if (!scope.organisation) return;
  const member = await services.members.findMember(scope.realm.id, scope.organisation.id, personId);
  if (!member || member.privileged) throw new ApiError('forbidden_scope');
}
