/**
 * The requests of «Восстановите доступ»: «Я не помню пароль» (a login), «Я не помню логин» and
 * «Я не помню логин и пароль» (an email or a phone, and the date of birth), and the one-field
 * email form of ElJur and app.recycle.kz. Each checks its fields, says how to look for the
 * person, and leaves the rest — captcha, throttles, the flow, the answer — to `answer.ts`.
 *
 * The masked phone of the SMS branch follows the input a real match depends on: a login's
 * person, an email's person (the email alone, whatever else was typed), or a submitted phone's
 * own digits — so a stranger's mask cannot be told from a real one by changing the other fields.
 */
import { z } from 'zod';
import { checkEmail } from '../../core/identifiers/email.js';
import { checkLogin } from '../../core/identifiers/login.js';
import { checkPhone, maskPhone } from '../../core/identifiers/phone.js';
import type { Person } from '../../db/schema.js';
import { isRealDate } from '../../directory/accounts.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { type FormErrors, formText } from '../../web/form.js';
import { answering, type FieldErrors, madeUpMask, type RequestOutcome } from './answer.js';
import { type Meta, mailable, type Problem, type RecoveryDeps, textable } from './machine.js';

/** Every request form: the fields a form does not have are simply empty. */
export const RequestForm = z.object({
  login: formText(10_000),
  email: formText(10_000),
  phone: formText(10_000),
  day: formText(4),
  month: formText(4),
  year: formText(6),
  captcha_id: formText(2_000),
  captcha: formText(200),
});
export type RequestFields = z.output<typeof RequestForm>;

/** A form that could not be read (a field repeated or far too long), as the page's fields. */
export function unreadable(errors: FormErrors<keyof RequestFields>): FieldErrors {
  const field = (...names: (keyof RequestFields)[]): Problem | undefined => {
    const key = names.map((n) => errors[n]).find((k) => k !== undefined);
    return key ? { key } : undefined;
  };
  const mapped: FieldErrors = {
    login: field('login'),
    email: field('email'),
    phone: field('phone'),
    birthDate: field('day', 'month', 'year'),
    captcha: field('captcha_id', 'captcha'),
  };
  return Object.fromEntries(Object.entries(mapped).filter(([, p]) => p !== undefined)) as FieldErrors;
}

/** The date of birth from the three selects, or the problem with it (31.02 does not exist). */
function birthDateOf(form: RequestFields): { ok: true; date: string } | { ok: false; problem: Problem } {
  if (!form.day || !form.month || !form.year)
    return { ok: false, problem: { key: 'recovery.birth_date_required' } };
  if (!/^\d{1,2}$/.test(form.day) || !/^\d{1,2}$/.test(form.month) || !/^\d{4}$/.test(form.year)) {
    return { ok: false, problem: { key: 'recovery.birth_date_invalid' } };
  }
  const date = `${form.year}-${form.month.padStart(2, '0')}-${form.day.padStart(2, '0')}`;
  return isRealDate(date)
    ? { ok: true, date }
    : { ok: false, problem: { key: 'recovery.birth_date_invalid' } };
}

// ---- «Я не помню пароль» ----------------------------------------------------------------------

export async function requestByLogin(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  form: RequestFields,
  meta: Meta,
): Promise<RequestOutcome> {
  const login = checkLogin(form.login);
  if (!login.ok) {
    const key = login.code === 'login.empty' ? 'recovery.login_required' : login.code;
    return answering(deps, realm, form, meta).refuse({ login: { key } });
  }
  return answering(deps, realm, form, meta).ask({
    purpose: 'password',
    subject: `login:${login.normalized}`,
    find: async () => {
      const person = await deps.people.findByLogin(realm.id, login.normalized);
      const sms = person && textable(person) ? person : null;
      return {
        mailTo: person && mailable(person) ? [person] : [],
        smsPerson: sms,
        mask: sms?.phone ? maskPhone(sms.phone) : madeUpMask(deps, realm, `login:${login.normalized}`),
        maskPhone: sms?.phone ?? null,
      };
    },
  });
}

// ---- «Я не помню логин» / «Я не помню логин и пароль» -----------------------------------------

export async function requestByContact(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  form: RequestFields,
  purpose: 'login' | 'both',
  meta: Meta,
): Promise<RequestOutcome> {
  const errors: FieldErrors = {};
  const email = form.email.trim() ? checkEmail(form.email) : null;
  const phone = form.phone.trim() ? checkPhone(form.phone, realm.settings.phoneCountry) : null;
  if (!email && !phone) errors.contact = { key: 'recovery.contact_required' };
  if (email && !email.ok) errors.email = { key: email.code };
  if (phone && !phone.ok) errors.phone = { key: phone.code };
  const birth = birthDateOf(form);
  if (!birth.ok) errors.birthDate = birth.problem;
  if (Object.keys(errors).length > 0 || !birth.ok || email?.ok === false || phone?.ok === false)
    return answering(deps, realm, form, meta).refuse(errors);
  const address = email?.ok ? email.normalized : null;
  const number = phone?.ok ? phone.phone : null;
  return answering(deps, realm, form, meta).ask({
    purpose,
    subject: `contact:${address ?? ''}|${number ?? ''}`,
    find: async () => {
      // By a confirmed email and/or a confirmed phone, and only where the birth date matches.
      const born = (p: Person): boolean => p.birth_date === birth.date;
      const byEmail = address
        ? (await deps.people.findByEmail(realm.id, address)).filter(mailable).filter(born)
        : [];
      const byPhone = number
        ? (await deps.people.findByPhone(realm.id, number)).filter(textable).filter(born)
        : [];
      const matches = [...new Map([...byEmail, ...byPhone].map((p) => [p.id, p])).values()];
      // The SMS branch follows the email when one is given, else the phone.
      const reachable = (address ? byEmail : byPhone).filter(textable);
      const sms = purpose === 'both' && reachable.length === 1 ? (reachable[0] as Person) : null;
      const behind = number && !address ? number : (sms?.phone ?? null);
      return {
        mailTo: matches.filter(mailable),
        smsPerson: sms,
        mask: behind ? maskPhone(behind) : madeUpMask(deps, realm, `email:${address ?? ''}`),
        maskPhone: behind,
      };
    },
  });
}

// ---- «Забыли пароль?» by email (ElJur, app.recycle.kz) ----------------------------------------

export async function requestByEmail(
  deps: RecoveryDeps,
  realm: LoadedRealm,
  form: RequestFields,
  meta: Meta,
): Promise<RequestOutcome> {
  const email = checkEmail(form.email);
  if (!email.ok) return answering(deps, realm, form, meta).refuse({ email: { key: email.code } });
  return answering(deps, realm, form, meta).ask({
    purpose: 'password',
    subject: `email:${email.normalized}`,
    find: async () => ({
      mailTo: (await deps.people.findByEmail(realm.id, email.normalized)).filter(mailable),
      smsPerson: null,
      mask: madeUpMask(deps, realm, `email:${email.normalized}`),
      maskPhone: null,
    }),
  });
}
