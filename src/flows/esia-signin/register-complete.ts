/**
 * «Готово!»: the registration through Gosuslugi in one transaction, through the one password
 * operation. Its guard — run first in the password operation's transaction — moves the wizard
 * `password → done` (once), gives the pending profile its login (only while it is still
 * pending), writes gender, birth date and the contacts (unconfirmed: they count for recovery
 * only after their letter and SMS come back), links the ESIA account and appends the audit
 * event; then the hash is set. A second «Готово!» or a profile registered meanwhile writes
 * nothing.
 */
import type { Person } from '../../db/schema.js';
import { changePassword } from '../../directory/password-operation.js';
import { PENDING_LOGIN_PREFIX } from '../../directory/people-store.js';
import type { EsiaIdentities } from '../../esia/identities.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
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

export interface Completion {
  readonly realm: LoadedRealm;
  readonly flow: WizardFlow;
  readonly person: Person;
  readonly hash: string;
  readonly meta: {
    readonly ip: string;
    readonly userAgent: string | null;
    readonly locale: 'ru' | 'en' | 'kk';
  };
}

export async function completeWizard(
  services: Services,
  identities: EsiaIdentities,
  c: Completion,
): Promise<boolean> {
  const { realm, flow, person } = c;
  const d = flow.data;
  const outcome = await changePassword(services, {
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
      if (Number(claimed.numUpdatedRows) !== 1) return false;
      if (d.email)
        await services.contacts.changeEmail(trx, person.id, {
          email: d.email,
          normalized: d.email.toLowerCase(),
        });
      if (d.phone) await services.contacts.changePhone(trx, person.id, d.phone);
      if ((await identities.link(trx, { realmId: realm.id, personId: person.id, oid: d.oid })) !== 'linked')
        return false;
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
  return outcome.kind === 'changed';
}
