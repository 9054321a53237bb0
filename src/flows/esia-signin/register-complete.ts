/**
 * «Готово!»: the registration through Gosuslugi in one transaction, through the one password
 * operation. Its guard — run first in the password operation's transaction — moves the wizard
 * `password → done` (once), gives the pending profile its login (only while it is still
 * pending), writes gender, birth date and the contacts, links the ESIA account and appends the
 * audit event; then the hash is set. A second «Готово!» or a profile registered meanwhile writes
 * nothing.
 *
 * The email and phone count for recovery only once confirmed, so the same transaction starts
 * their confirmations through the flows of «Настройки» (email-verification, phone-verification):
 * the letter with its link, and the SMS code (when the caller could reserve it in the SMS budget)
 * whose page «Отлично!» links. A value the profile already has confirmed is left as it is.
 */
import type { Person } from '../../db/schema.js';
import { changePassword } from '../../directory/password-operation.js';
import { PENDING_LOGIN_PREFIX } from '../../directory/people-store.js';
import type { EsiaIdentities } from '../../esia/identities.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
import { sendConfirmationLetter } from '../email-verification/email-verification.js';
import { sendCode } from '../phone-verification/phone-verification.js';
import { esiaWizard, type WizardFlow } from './register-machine.js';

const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

function latin(text: string): string {
  return [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? (/[a-z0-9]/.test(c) ? c : '')).join('');
}

/** A free login from the name, as the article's «ekaterinavolkov»: first name and last name, 15 letters. */
export async function offerLogin(services: Services, realmId: string, person: Person): Promise<string> {
  const base = (latin(person.first_name) + latin(person.last_name)).slice(0, 15) || 'user';
  for (let i = 0; i < 50; i++) {
    const login = i === 0 ? base : `${base}${i + 1}`;
    if (!(await services.people.isLoginTaken(realmId, login))) return login;
  }
  return `${base}${Date.now() % 100000}`;
}

/** Whether the wizard's email and phone still need their letter and SMS. */
export function contactsToConfirm(person: Person, flow: WizardFlow): { email: boolean; phone: boolean } {
  const d = flow.data;
  return {
    email:
      d.email !== null &&
      !(person.email_normalized === d.email.toLowerCase() && person.email_verified_at !== null),
    phone: d.phone !== null && !(person.phone === d.phone && person.phone_verified_at !== null),
  };
}

export interface Completion {
  readonly realm: LoadedRealm;
  readonly flow: WizardFlow;
  readonly person: Person;
  readonly hash: string;
  /** The SMS code may be sent (reserved in the SMS budget by the caller). */
  readonly smsReserved: boolean;
  readonly meta: {
    readonly ip: string;
    readonly userAgent: string | null;
    readonly locale: 'ru' | 'en' | 'kk';
  };
}

/** The profile or the ESIA account was taken meanwhile: thrown to roll the transaction back. */
class Taken extends Error {}

export type CompletionOutcome =
  | { readonly kind: 'taken' }
  /** `phoneFlow`: the SMS code's flow, for its page; null when no code was sent. */
  | { readonly kind: 'done'; readonly phoneFlow: string | null };

export async function completeWizard(
  services: Services,
  identities: EsiaIdentities,
  c: Completion,
): Promise<CompletionOutcome> {
  const { realm, flow, person } = c;
  const d = flow.data;
  const confirm = contactsToConfirm(person, flow);
  let phoneFlow: string | null = null;
  let outcome: Awaited<ReturnType<typeof changePassword>>;
  try {
    outcome = await changePassword(services, {
      realm,
      person,
      hash: c.hash,
      mustChange: false,
      keepSessionId: null,
      action: 'password.changed',
      actorId: person.id,
      meta: c.meta,
      detail: { via: 'esia-registration' },
      idempotencyKey: `esia-registration:${flow.id}`,
      expectHash: null,
      guard: async (trx) => {
        if (!(await services.flows.move(trx, esiaWizard, flow, 'done'))) return false;
        const claimed = await trx
          .updateTable('people')
          .set({
            login: d.login,
            login_normalized: d.login.normalize('NFKC').toLowerCase(),
            gender: d.gender,
            birth_date: d.birthDate,
            updated_at: services.clock.now(),
          })
          .where('id', '=', person.id)
          .where('login', 'like', `${PENDING_LOGIN_PREFIX}%`)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) throw new Taken();
        // The ESIA account linked elsewhere meanwhile: the login claimed above is taken back too.
        if ((await identities.link(trx, { realmId: realm.id, personId: person.id, oid: d.oid })) !== 'linked')
          throw new Taken();
        if (d.email && confirm.email) {
          const email = { email: d.email, normalized: d.email.toLowerCase() };
          await services.contacts.changeEmail(trx, person.id, email);
          await sendConfirmationLetter(services, trx, realm, person, email, c.meta);
        }
        if (d.phone && confirm.phone) {
          await services.contacts.changePhone(trx, person.id, d.phone);
          if (c.smsReserved) phoneFlow = await sendCode(services, trx, realm, person, d.phone, c.meta);
        }
        await services.audit.append(
          {
            realmId: realm.id,
            action: 'esia.registered',
            actorId: person.id,
            subjectId: person.id,
            ip: c.meta.ip,
            userAgent: c.meta.userAgent,
            detail: { oid: d.oid, login: d.login, news: d.news },
          },
          trx,
        );
        return true;
      },
    });
  } catch (err) {
    // Thrown inside the transaction so that nothing of it stays.
    if (err instanceof Taken) return { kind: 'taken' };
    throw err;
  }
  if (outcome.kind !== 'changed') return { kind: 'taken' };
  services.notify.flush();
  return { kind: 'done', phoneFlow };
}
