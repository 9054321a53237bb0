/**
 * The letters of a recovery request, written by the outbox worker after the answer (a job,
 * `messaging/jobs.ts`): the work that depends on who was found never runs on the request path.
 *
 * Each person found gets a letter of their own: the person the request's flow is bound to gets
 * that flow's link; anyone else found (an address shared by a parent and a child) gets a flow of
 * their own, which supersedes their older ones; the request's own flow supersedes the person's
 * older flows here too, off the request path. A flow that was superseded before its letter
 * was written (a newer request, a password set meanwhile) gets no letter: the newer one counts.
 * Each letter is written in a transaction of its own, and a letter already queued (a job run a
 * second time after a crash) rolls its transaction back: running the job twice sends nothing twice.
 */

import type { Kysely } from 'kysely';
import type { AuditLog } from '../../core/audit/audit.js';
import { HOUR } from '../../core/clock.js';
import type { KeyedHasher } from '../../core/crypto/secrets.js';
import { extended } from '../../core/extended.js';
import type { FlowEngine, FlowLoad } from '../../core/flows/flow-store.js';
import { formatLinkToken, newLinkSecret } from '../../core/flows/link-token.js';
import type { Locale } from '../../core/i18n/i18n.js';
import { isLocale } from '../../core/i18n/i18n.js';
import type { Database, Executor, Person } from '../../db/schema.js';
import type { PeopleStore } from '../../directory/people-store.js';
import type { JobHandler, JobInput } from '../../messaging/jobs.js';
import type { Notifier } from '../../messaging/notify.js';
import type { LoadedRealm, RealmStore } from '../../realms/realm-store.js';
import { mailable, type RecoveryData, type RecoveryState, recoveryFlow } from './machine.js';

export const LETTERS_JOB = 'recovery-letters';

export type LettersInput = {
  readonly flowId: string;
  /** The person the request's flow is bound to (their letter carries that flow's link). */
  readonly flowPersonId: string | null;
  /** The link's secret (its hash is in the flow); null for a login reminder. */
  readonly secret: string | null;
  readonly purpose: 'password' | 'login' | 'both';
  readonly ip: string;
  readonly userAgent: string | null;
  /** Ids of the people to write to. */
  readonly mailTo: readonly string[];
};

export interface LettersDeps {
  readonly db: Kysely<Database>;
  readonly flows: FlowEngine;
  readonly people: PeopleStore;
  readonly realms: RealmStore;
  readonly keyed: KeyedHasher;
  readonly notify: Notifier;
  readonly audit: AuditLog;
  readonly config: { readonly baseUrl: string };
}

function lettersInput(input: JobInput): LettersInput | null {
  const { flowId, flowPersonId, secret, purpose, ip, userAgent, mailTo } = input;
  if (typeof flowId !== 'string' || typeof ip !== 'string') return null;
  if (flowPersonId !== null && typeof flowPersonId !== 'string') return null;
  if (secret !== null && typeof secret !== 'string') return null;
  if (userAgent !== null && typeof userAgent !== 'string') return null;
  if (purpose !== 'password' && purpose !== 'login' && purpose !== 'both') return null;
  if (!Array.isArray(mailTo)) return null;
  const ids = mailTo.filter((id) => typeof id === 'string');
  return { flowId, flowPersonId, secret, purpose, ip, userAgent, mailTo: ids };
}

/** Thrown to roll back a letter's transaction when the letter was queued before. */
class AlreadyQueued extends Error {}

export function recoveryLetters(deps: LettersDeps): JobHandler {
  return async (job) => {
    const input = lettersInput(job.input);
    const realm = job.realmId ? await deps.realms.find(job.realmId) : null;
    if (!input || !realm) return { ok: false, permanent: true, error: 'recovery letters: malformed job' };
    // The request's flow is bound to the browser that asked; its link's secret opens it here.
    const flow: FlowLoad<RecoveryState, RecoveryData> = input.secret
      ? await deps.flows.load(recoveryFlow, realm.id, input.flowId, {
          secret: { purpose: 'recovery-link', value: input.secret, field: 'secretHash' },
        })
      : { kind: 'missing' };
    // A new link supersedes the person's older flows (links, SMS codes): here, off the request
    // path, so that a request costs the same whether or not the person has open flows. Only
    // flows started before this one: a newer request's job supersedes this one in its turn.
    // And a flow with a newer one already started for the person gets no letter: the newer counts.
    let current = flow;
    if (input.secret !== null && input.flowPersonId !== null && flow.kind === 'live') {
      const personId = input.flowPersonId;
      const { createdAt } = flow.flow;
      await deps.flows.endAllOf(deps.db, recoveryFlow, personId, 'superseded', input.flowId, createdAt);
      if (await deps.flows.openStartedAfter(deps.db, recoveryFlow, personId, createdAt, input.flowId)) {
        await deps.flows.end(deps.db, recoveryFlow, flow.flow, 'superseded');
        current = { kind: 'ended', flow: extended(flow.flow, { state: 'superseded' }) };
      }
    }
    const locale: Locale = isLocale(job.locale) ? job.locale : realm.settings.defaultLocale;
    let queued = 0;
    for (const id of input.mailTo) {
      const person = await deps.people.findById(realm.id, id);
      if (!person || !mailable(person)) continue;
      try {
        await deps.db.transaction().execute(async (trx) => {
          if (await writeLetter(deps, trx, { realm, input, flow: current, person, locale })) queued++;
        });
      } catch (err) {
        if (!(err instanceof AlreadyQueued)) throw err;
      }
    }
    if (queued > 0) deps.notify.flush();
    return { ok: true, providerId: null };
  };
}

interface Letter {
  readonly realm: LoadedRealm;
  readonly input: LettersInput;
  readonly flow: FlowLoad<RecoveryState, RecoveryData>;
  readonly person: Person;
  readonly locale: Locale;
}

/** The link for this person: the request's own flow, or a flow of their own. Null: no letter. */
async function linkFor(
  deps: LettersDeps,
  trx: Executor,
  { realm, input, flow, person }: Letter,
): Promise<{ flowId: string; secret: string } | null> {
  if (input.secret === null) return null;
  if (person.id === input.flowPersonId) {
    return flow.kind === 'live' ? { flowId: input.flowId, secret: input.secret } : null;
  }
  const secret = newLinkSecret();
  const extra = await deps.flows.start(trx, recoveryFlow, {
    realmId: realm.id,
    state: 'started',
    personId: person.id,
    data: {
      secretHash: deps.keyed.hash('recovery-link', secret),
      mask: '',
      phoneKnown: false,
      maskPhone: null,
      codeHash: null,
      codeExpiresAt: 0,
      resends: 0,
    },
    ttlMs: realm.settings.recovery.linkHours * HOUR,
  });
  await deps.flows.endAllOf(trx, recoveryFlow, person.id, 'superseded', extra.id);
  return { flowId: extra.id, secret };
}

/** Queues one person's letter and its audit event; false when there is nothing to send. */
async function writeLetter(deps: LettersDeps, trx: Executor, letter: Letter): Promise<boolean> {
  const { realm, input, person, locale } = letter;
  const link = await linkFor(deps, trx, letter);
  if (input.secret !== null && link === null) return false;
  const base = { realm, locale, personId: person.id, to: person.email as string };
  const hours = realm.settings.recovery.linkHours;
  const url = link
    ? `${deps.config.baseUrl}/r/${realm.id}/recovery/reset/${formatLinkToken(link.flowId, link.secret)}`
    : '';
  const idempotencyKey = `recovery-letter:${input.flowId}:${person.id}`;
  const queued = !link
    ? await deps.notify.email(
        trx,
        extended(base, {
          template: 'login_reminder',
          params: { name: person.first_name, login: person.login },
          idempotencyKey,
        }),
      )
    : input.purpose === 'both' || realm.settings.recovery.letter === 'login_and_reset_link'
      ? await deps.notify.email(
          trx,
          extended(base, {
            template: 'login_and_reset_link',
            params: { name: person.first_name, login: person.login, link: url, expiresHours: hours },
            idempotencyKey,
          }),
        )
      : await deps.notify.email(
          trx,
          extended(base, {
            template: 'password_reset_link',
            params: { name: person.first_name, link: url, expiresHours: hours },
            idempotencyKey,
          }),
        );
  if (queued.duplicate) throw new AlreadyQueued();
  await deps.audit.append(
    {
      realmId: realm.id,
      action: link ? 'recovery.letter_queued' : 'recovery.login_reminder_queued',
      subjectId: person.id,
      ip: input.ip,
      userAgent: input.userAgent,
    },
    trx,
  );
  return true;
}
