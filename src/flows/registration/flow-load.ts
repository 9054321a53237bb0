/**
 * The flow of this browser at this school, and whom its code is for.
 *
 * The engine's `load` answers an unknown id, another realm and another browser alike
 * (`missing`); a flow started at another school of the realm is the same to the person here.
 * A finished flow is `done` (also after its hour: the last page stays readable), then `expired`.
 */
import type { Invitation, Person } from '../../db/schema.js';
import { isPendingLogin } from '../../directory/people-store.js';
import { type CodePrefix, type InvitationRole, ROLE_OF_PREFIX } from '../../invitations/codes.js';
import { type RegistrationFlow, registrationFlow } from './machine.js';
import { type Place, type RegistrationDeps, storeOf } from './registration.js';

export type FlowCheck =
  | { readonly kind: 'live' | 'done'; readonly flow: RegistrationFlow }
  | { readonly kind: 'expired' | 'gone' };

/** The flow of this browser at this school; a flow id alone opens nothing. */
export async function loadRegistration(
  deps: RegistrationDeps,
  place: Place,
  flowId: string,
  browserToken: string,
): Promise<FlowCheck> {
  const loaded = await deps.flows.load(registrationFlow, place.realm.id, flowId, {
    browserToken,
    states: ['code_ok'],
  });
  if (loaded.kind === 'missing') return { kind: 'gone' };
  if (loaded.flow.data.organisationId !== place.school.id) return { kind: 'gone' };
  switch (loaded.kind) {
    case 'live':
      return { kind: 'live', flow: loaded.flow };
    case 'ended':
      return { kind: 'done', flow: loaded.flow };
    case 'expired':
      return { kind: 'expired' };
    case 'elsewhere':
      return { kind: 'gone' };
  }
}

export interface Invitee {
  readonly invitation: Invitation;
  readonly role: InvitationRole;
  /** The profile the code names: the student, the staff member, or (for `pt`) the child. */
  readonly person: Person;
  readonly className: string | null;
  /** For `pt`: the child's guardians the school entered who have not registered yet. */
  readonly guardians: readonly Person[];
}

/** The flow's own code, still active: it may have been voided, used or expired meanwhile. */
export async function loadInvitee(
  deps: RegistrationDeps,
  { realm, school }: Place,
  flow: RegistrationFlow,
): Promise<Invitee | null> {
  const invitation = await deps.invitations.findById(realm.id, flow.data.invitationId);
  if (invitation?.status !== 'active' || invitation.organisation_id !== school.id) return null;
  if (deps.clock.now() >= invitation.expires_at) return null;
  const person = await deps.people.findById(realm.id, invitation.person_id);
  if (!person) return null;
  const role = ROLE_OF_PREFIX[invitation.prefix as CodePrefix];
  if (role !== 'parent' && !isPendingLogin(person.login)) return null;
  const store = storeOf(deps);
  const [className, guardians] = await Promise.all([
    store.classNameOf(person.id, school.id),
    role === 'parent' ? store.pendingGuardiansOf(realm.id, person.id) : Promise.resolve([]),
  ]);
  return { invitation, role, person, className, guardians };
}

/** The children the new account is guardian of, for «Регистрация … завершена». */
export async function childrenOfAccount(deps: RegistrationDeps, flow: RegistrationFlow): Promise<Person[]> {
  return flow.data.accountId ? deps.people.childrenOf(flow.data.accountId) : [];
}
