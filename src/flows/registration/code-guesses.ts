/**
 * Looking up a typed invitation code, as a counted guess.
 *
 * Rules:
 * - Every lookup is counted before it is made, atomically in the limiters: a point of the
 *   address's allowance of lookups (`CODE_LOOKUPS_PER_IP`, which also bounds the flows one
 *   address starts), a point of the address's failures (`CODE_FAILURES_PER_IP`, a class behind
 *   one NAT included) and, under «Дети», a point of the flow's failures
 *   (`CODE_FAILURES_PER_FLOW`, whatever addresses its requests come from). A lookup that finds a
 *   usable code gives its failure points back, so in the end only wrong codes cost — and N
 *   guesses sent at once still stop at the limit, since each was counted before it was looked up.
 * - A refusal and every failed lookup (unknown, used, void, expired, another school's, a profile
 *   no longer pending) is a line in the audit, without the code.
 * - Usable: an active code of this school whose profile can still register — `st`/`tr`/`ar`
 *   profiles only while pending; a `pt` code names a child, who may have registered already.
 */

import type { Limiter } from '../../core/throttle/throttle.js';
import type { Invitation, Person } from '../../db/schema.js';
import { isPendingLogin } from '../../directory/people-store.js';
import { CODE_FAILURES_PER_FLOW, FLOW_TTL_MS } from './machine.js';
import type { Meta, Place, RegistrationDeps } from './registration.js';

export const CODE_FAILURES_PER_IP = 10;
export const CODE_WINDOW_SECONDS = 15 * 60;
/** Code lookups of any outcome one IP address may make per window. */
export const CODE_LOOKUPS_PER_IP = 50;

export type Rejection = 'unknown' | 'used' | 'void' | 'expired' | 'other_school';

export type CodeGuess =
  | { readonly kind: 'usable'; readonly invitation: Invitation; readonly person: Person }
  | { readonly kind: 'rejected'; readonly reason: Rejection }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

/** Where a guess is made: the code page, or «Дети» of a flow. */
export type GuessStep = { readonly step: 'code' } | { readonly step: 'children'; readonly flowId: string };

type Verified =
  | { readonly ok: true; readonly invitation: Invitation; readonly person: Person }
  | { readonly ok: false; readonly reason: Rejection; readonly invitation: Invitation | null };

async function verifyCode(deps: RegistrationDeps, { realm, school }: Place, code: string): Promise<Verified> {
  const found = await deps.invitations.lookup(realm.id, code);
  if (found.status === 'unknown') return { ok: false, reason: 'unknown', invitation: null };
  const { invitation } = found;
  if (found.status !== 'active') return { ok: false, reason: found.status, invitation };
  if (invitation.organisation_id !== school.id) return { ok: false, reason: 'other_school', invitation };
  const person = await deps.people.findById(realm.id, invitation.person_id);
  if (!person) return { ok: false, reason: 'unknown', invitation };
  if (invitation.prefix !== 'pt' && !isPendingLogin(person.login))
    return { ok: false, reason: 'used', invitation };
  return { ok: true, invitation, person };
}

function limiters(deps: RegistrationDeps): { lookups: Limiter; failures: Limiter; flowFailures: Limiter } {
  const window = CODE_WINDOW_SECONDS;
  return {
    lookups: deps.limiters.limiter({
      name: 'registration-lookup-ip',
      points: CODE_LOOKUPS_PER_IP,
      windowSeconds: window,
    }),
    failures: deps.limiters.limiter({
      name: 'registration-code-ip',
      points: CODE_FAILURES_PER_IP,
      windowSeconds: window,
    }),
    flowFailures: deps.limiters.limiter({
      name: 'registration-code-flow',
      points: CODE_FAILURES_PER_FLOW,
      windowSeconds: FLOW_TTL_MS / 1000,
    }),
  };
}

/** The failure points a lookup holds until it is known to have found a usable code. */
interface Held {
  readonly limiter: Limiter;
  readonly key: string;
}

/** Spends the points of one lookup, or says how long to wait (giving back what it took). */
async function admit(
  deps: RegistrationDeps,
  place: Place,
  meta: Meta,
  where: GuessStep,
): Promise<{ allowed: true; held: Held[] } | { allowed: false; retryAfterSeconds: number }> {
  const { lookups, failures, flowFailures } = limiters(deps);
  const ipKey = `${place.realm.id}:${meta.ip}`;
  const wanted: Held[] = [{ limiter: failures, key: ipKey }];
  if (where.step === 'children')
    wanted.push({ limiter: flowFailures, key: `${place.realm.id}:${where.flowId}` });
  const lookup = await lookups.hit(ipKey);
  if (!lookup.allowed) return lookup;
  const held: Held[] = [];
  for (const point of wanted) {
    const spent = await point.limiter.hit(point.key);
    if (!spent.allowed) {
      await giveBack(held);
      return spent;
    }
    held.push(point);
  }
  return { allowed: true, held };
}

async function giveBack(held: readonly Held[]): Promise<void> {
  for (const point of held) await point.limiter.refund(point.key);
}

/** One typed code (its shape already checked): counted, looked up, settled and audited. */
export async function guessCode(
  deps: RegistrationDeps,
  place: Place,
  meta: Meta,
  where: GuessStep,
  code: string,
): Promise<CodeGuess> {
  const audit = (reason: string, subjectId: string | null = null) =>
    deps.audit.append({
      realmId: place.realm.id,
      action: 'invitation.rejected',
      subjectId,
      organisationId: place.school.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      detail: { reason, step: where.step },
    });
  const admitted = await admit(deps, place, meta, where);
  if (!admitted.allowed) {
    await audit('throttled');
    return { kind: 'throttled', retryAfterSeconds: admitted.retryAfterSeconds };
  }
  const verified = await verifyCode(deps, place, code);
  if (verified.ok) {
    await giveBack(admitted.held);
    return { kind: 'usable', invitation: verified.invitation, person: verified.person };
  }
  await audit(verified.reason, verified.invitation?.person_id ?? null);
  return { kind: 'rejected', reason: verified.reason };
}
