/**
 * «Активные сеансы» in «Настройки»: the person's own sessions, and ending them.
 *
 * list:       listOf(person) → keepLive (idle and absolute lifetimes of the realm) → label
 *             devices → current first, then by last activity
 * end one:    parseId → notCurrent → revokeById (person's own only) → record
 * end others: revokeAllOf(person, except current) → record
 *
 * Rules:
 * - The id in the form is the session's keyed hash, never the cookie token: showing it gives
 *   nothing to sign in with.
 * - Only the person's own sessions can be ended; an id that is malformed, unknown or someone
 *   else's gets the same answer ("not found"), so the form is no oracle for other ids.
 * - The current session is not ended here (that is «Выйти»): it gets its own answer.
 * - Each ending is audited as `session.ended_by_person` with `{ ended: n }`.
 */
import { z } from 'zod';
import type { AuditLog } from '../../core/audit/audit.js';
import type { Clock } from '../../core/clock.js';
import { MINUTE } from '../../core/clock.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { SessionService, SignedIn } from '../../sessions/sessions.js';
import { formText } from '../../web/form.js';
import { deviceLabel } from './devices.js';

export interface SessionListDeps {
  readonly clock: Clock;
  readonly sessions: SessionService;
  readonly audit: AuditLog;
}

export interface SessionRow {
  readonly id: string;
  readonly current: boolean;
  /** Null when the user agent says nothing recognisable. */
  readonly device: string | null;
  readonly ip: string | null;
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

export type EndOutcome =
  | { readonly kind: 'ended'; readonly count: number }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'current' };

export interface Meta {
  readonly ip: string;
  readonly userAgent: string | null;
}

/** A session id is a hex HMAC-SHA256 (see sessions.ts); anything else is not one. */
const SESSION_ID = /^[0-9a-f]{64}$/;

/** The «Завершить» form: the id of the session to end (anything else finds no session). */
export const EndSessionForm = z.object({ session: formText(200) });

export async function listSessions(
  deps: SessionListDeps,
  realm: LoadedRealm,
  signedIn: SignedIn,
): Promise<SessionRow[]> {
  const now = deps.clock.now();
  const { idleMinutes } = realm.settings.session;
  const rows = await deps.sessions.listOf(signedIn.person.id);
  return (
    rows
      // keepLive: expired rows wait for the sweeper, but they no longer sign anyone in.
      .filter(
        (s) =>
          s.id === signedIn.session.id || (now < s.expires_at && now < s.last_seen_at + idleMinutes * MINUTE),
      )
      .map(
        (s): SessionRow => ({
          id: s.id,
          current: s.id === signedIn.session.id,
          device: deviceLabel(s.user_agent),
          ip: s.ip,
          createdAt: s.created_at,
          lastSeenAt: s.id === signedIn.session.id ? signedIn.session.last_seen_at : s.last_seen_at,
        }),
      )
      .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt)
  );
}

export async function endSession(
  deps: SessionListDeps,
  realm: LoadedRealm,
  signedIn: SignedIn,
  rawId: string,
  meta: Meta,
): Promise<EndOutcome> {
  const { person, session } = signedIn;
  // parseId
  if (!SESSION_ID.test(rawId)) return { kind: 'not_found' };
  // notCurrent
  if (rawId === session.id) return { kind: 'current' };
  // revokeById: the person id in the delete is what keeps other people's sessions out of reach.
  if (!(await deps.sessions.revokeById(person.id, rawId))) return { kind: 'not_found' };
  await record(deps, realm, signedIn, 1, meta);
  return { kind: 'ended', count: 1 };
}

export async function endOtherSessions(
  deps: SessionListDeps,
  realm: LoadedRealm,
  signedIn: SignedIn,
  meta: Meta,
): Promise<number> {
  const count = await deps.sessions.revokeAllOf(signedIn.person.id, signedIn.session.id);
  // Nothing ended is nothing to record.
  if (count > 0) await record(deps, realm, signedIn, count, meta);
  return count;
}

async function record(
  deps: SessionListDeps,
  realm: LoadedRealm,
  signedIn: SignedIn,
  ended: number,
  meta: Meta,
): Promise<void> {
  await deps.audit.append({
    realmId: realm.id,
    action: 'session.ended_by_person',
    actorId: signedIn.person.id,
    subjectId: signedIn.person.id,
    ip: meta.ip,
    userAgent: meta.userAgent,
    detail: { ended },
  });
}
