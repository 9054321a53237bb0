/**
 * Reading the signed-in person of a realm page. Routes that need a person call `requirePerson`;
 * a person with a temporary password is sent to «Новый пароль» before anything else.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Person, Session } from '../db/schema.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { Services } from '../services.js';
import type { SignedIn, SignedInBrief } from '../sessions/sessions.js';
import { readSessionToken } from './session-cookie.js';
import type { RealmFrame } from './views/layout.js';

export function realmPath(realm: LoadedRealm, path: string): string {
  return `/r/${realm.id}${path}`;
}

export function realmOf(request: FastifyRequest): LoadedRealm {
  const realm = request.realm;
  if (!realm) throw new Error('realm route without a realm');
  return realm;
}

/** What a realm page knows about where it is: `path` is within the realm (`/settings`). */
export function realmFrame(services: Services, request: FastifyRequest, path: string): RealmFrame {
  const realm = realmOf(request);
  return {
    t: request.t,
    locale: request.locale,
    realm,
    path: realmPath(realm, path),
    demo: services.config.demo,
  };
}

export async function currentPerson(services: Services, request: FastifyRequest): Promise<SignedIn | null> {
  const realm = realmOf(request);
  const token = readSessionToken(request, realm.id, !services.config.demo);
  if (!token) return null;
  return services.sessions.validate(realm.id, token, realm.settings.session);
}

/** The session check alone (`/whoami`): who is signed in, from the fewest columns. */
export async function currentSession(
  services: Services,
  request: FastifyRequest,
): Promise<SignedInBrief | null> {
  const realm = realmOf(request);
  const token = readSessionToken(request, realm.id, !services.config.demo);
  if (!token) return null;
  return services.sessions.check(realm.id, token, realm.settings.session);
}

export type Requirement = { readonly allowMustChange?: boolean };

/**
 * The signed-in person, or null after sending the browser where it must go: the sign-in page
 * when there is no session, «Новый пароль» when the password is temporary.
 */
export async function requirePerson(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  requirement: Requirement = {},
): Promise<SignedIn | null> {
  const realm = realmOf(request);
  const signedIn = await currentPerson(services, request);
  if (!signedIn) {
    await reply.redirect(realmPath(realm, '/login'), 303);
    return null;
  }
  if (signedIn.person.password_must_change === 1 && !requirement.allowMustChange) {
    await reply.redirect(realmPath(realm, '/password/new'), 303);
    return null;
  }
  return signedIn;
}

/** A signed-in person with every column, the password hash included. */
export interface SignedInWithHash {
  readonly session: Session;
  readonly person: Person;
}

/**
 * For the steps that check or replace the current password: the person read again by primary
 * key with the hash (the session check never reads it). Null after sending the browser away, as
 * `requirePerson` does (a person gone since the session check counts as signed out).
 */
export async function requirePersonWithHash(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  requirement: Requirement = {},
): Promise<SignedInWithHash | null> {
  const signedIn = await requirePerson(services, request, reply, requirement);
  if (!signedIn) return null;
  const person = await services.people.findById(signedIn.person.realm_id, signedIn.person.id);
  if (!person) {
    await reply.redirect(realmPath(realmOf(request), '/login'), 303);
    return null;
  }
  return { session: signedIn.session, person };
}
