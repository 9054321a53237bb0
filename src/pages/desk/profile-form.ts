/**
 * The «Создать профиль» form of the desk (the Dnevnik way: the school enters the person, types a
 * login and hands out a temporary password): reading the posted fields and checking all of them
 * at once, so the form comes back with every problem next to its field.
 *
 * Rules:
 * - The form is read by a schema (`web/form.ts`): a missing field is empty, a repeated or
 *   over-long one is refused next to the field.
 * - Names: required, at most 100 characters, letters with hyphen, apostrophe and space — the
 *   rule `createProfile` applies, checked here too so that one round shows every problem
 *   (`createProfile` checks again and is the one that decides).
 * - The date of birth is typed as schools write it, `ДД.ММ.ГГГГ` (ISO is accepted too); it must
 *   exist (31.02 does not) and not be in the future.
 * - СНИЛС (where the realm's people have one: a Russian realm) is optional — Gosuslugi sign-in
 *   and registration (article 002) find the person by full name and SNILS, so a typo here is
 *   «пользователь не найден» later. Spaces and dashes are separators; the check digits must match
 *   (`core/identifiers/snils.ts`); it is kept as its 11 digits and is unique in the realm.
 * - The login is checked like every login (alphabet, length, no mixed scripts) and must be free.
 * - The role is one the desk may create: no administrators or curators (that would hand the desk
 *   to someone new) and no support. A student needs a class of this organisation; a parent
 *   needs a child among its students; a teacher may have a class; other roles have none.
 */
import { z } from 'zod';
import type { MessageKey } from '../../core/i18n/i18n.js';
import { checkLogin } from '../../core/identifiers/login.js';
import { checkSnils } from '../../core/identifiers/snils.js';
import type { Role } from '../../db/schema.js';
import { isRealDate } from '../../directory/accounts.js';
import type { ClassRef } from '../../directory/members.js';
import { formText } from '../../web/form.js';
import type { DeskKey } from './messages.js';

/**
 * The posted form. The limits are generous: a long name or login gets the message of its own
 * check («Не длиннее 100 символов»); only absurd lengths are refused as too long.
 */
export const ProfileFormSchema = z.object({
  last_name: formText(1000),
  first_name: formText(1000),
  middle_name: formText(1000),
  birth_date: formText(100),
  snils: formText(100),
  login: formText(1000),
  role: formText(100),
  class: formText(100),
  child: formText(100),
});

export type ProfileField = keyof typeof ProfileFormSchema.shape;
export type ProfileForm = Readonly<Record<ProfileField, string>>;
export type ProfileProblems = Partial<Record<ProfileField, DeskKey | MessageKey>>;

export const EMPTY_PROFILE_FORM: ProfileForm = {
  last_name: '',
  first_name: '',
  middle_name: '',
  birth_date: '',
  snils: '',
  login: '',
  role: '',
  class: '',
  child: '',
};

/** Roles the desk creates: a school's people, or a company's staff. */
export function creatableRoles(organisationKind: string): readonly Role[] {
  return organisationKind === 'school' ? ['student', 'parent', 'teacher', 'staff'] : ['staff'];
}

const NAME = /^[\p{L}][\p{L}' -]*$/u;
const NAME_MAX = 100;

function nameProblem(value: string, required: DeskKey | null): DeskKey | MessageKey | null {
  const name = value.trim();
  if (name === '') return required;
  if ([...name].length > NAME_MAX) return 'desk.error.name_too_long';
  if (!NAME.test(name)) return 'account.name_invalid';
  return null;
}

export type BirthDate =
  | { readonly ok: true; readonly iso: string | null }
  | { readonly ok: false; readonly problem: DeskKey | MessageKey };

/** `14.05.2009`, `4.5.2009` or `2009-05-14` → `2009-05-14`; empty → null. */
export function parseBirthDate(input: string, now: number): BirthDate {
  const text = input.trim();
  if (text === '') return { ok: true, iso: null };
  let iso: string | null = null;
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (dotted) {
    const [, d, m, y] = dotted;
    iso = `${y}-${(m ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}`;
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    iso = text;
  }
  if (iso === null) return { ok: false, problem: 'desk.error.birth_date_format' };
  if (!isRealDate(iso)) return { ok: false, problem: 'account.birth_date_invalid' };
  // ISO dates compare as text; today is taken in UTC, a day's leeway either way is harmless.
  if (iso > new Date(now).toISOString().slice(0, 10)) {
    return { ok: false, problem: 'desk.error.birth_date_future' };
  }
  return { ok: true, iso };
}

export interface ProfileContext {
  readonly roles: readonly Role[];
  readonly classes: readonly ClassRef[];
  readonly studentIds: ReadonlySet<string>;
  readonly loginTaken: (normalized: string) => Promise<boolean>;
  /** Whether the realm's people have a SNILS (the field is shown and read only then). */
  readonly takesSnils: boolean;
  /** Whether someone in the realm already has these 11 digits. */
  readonly snilsTaken: (digits: string) => Promise<boolean>;
  readonly now: number;
}

export interface ValidProfile {
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string | undefined;
  readonly birthDate: string | undefined;
  /** 11 digits, or undefined when none was typed. */
  readonly snils: string | undefined;
  readonly login: string;
  readonly role: Role;
  readonly classRef: ClassRef | null;
  readonly childId: string | null;
}

export type ProfileCheck =
  | { readonly ok: true; readonly profile: ValidProfile }
  | { readonly ok: false; readonly problems: ProfileProblems };

export async function checkProfileForm(form: ProfileForm, context: ProfileContext): Promise<ProfileCheck> {
  const problems: ProfileProblems = {};
  const last = nameProblem(form.last_name, 'desk.error.last_name_required');
  if (last) problems.last_name = last;
  const first = nameProblem(form.first_name, 'desk.error.first_name_required');
  if (first) problems.first_name = first;
  const middle = nameProblem(form.middle_name, null);
  if (middle) problems.middle_name = middle;

  const birth = parseBirthDate(form.birth_date, context.now);
  if (!birth.ok) problems.birth_date = birth.problem;

  let snils: string | undefined;
  if (context.takesSnils && form.snils.trim() !== '') {
    const checked = checkSnils(form.snils);
    if (!checked.ok) problems.snils = checked.code;
    else if (await context.snilsTaken(checked.snils)) problems.snils = 'correction.snils_taken';
    else snils = checked.snils;
  }

  const login = checkLogin(form.login);
  if (!login.ok) problems.login = login.code;
  else if (await context.loginTaken(login.normalized)) problems.login = 'account.login_taken';

  const role = context.roles.find((r) => r === form.role) ?? null;
  if (!role) problems.role = 'desk.error.role_invalid';

  let classRef: ClassRef | null = null;
  if (role === 'student' || role === 'teacher') {
    if (form.class !== '') {
      classRef = context.classes.find((c) => c.id === form.class) ?? null;
      if (!classRef) problems.class = 'desk.error.class_unknown';
    } else if (role === 'student') {
      problems.class = 'desk.error.class_required';
    }
  }

  let childId: string | null = null;
  if (role === 'parent') {
    if (form.child === '') problems.child = 'desk.error.child_required';
    else if (!context.studentIds.has(form.child)) problems.child = 'desk.error.child_unknown';
    else childId = form.child;
  }

  if (Object.keys(problems).length > 0 || !login.ok || !role || !birth.ok) return { ok: false, problems };
  const middleName = form.middle_name.trim();
  return {
    ok: true,
    profile: {
      lastName: form.last_name.trim(),
      firstName: form.first_name.trim(),
      middleName: middleName === '' ? undefined : middleName,
      birthDate: birth.iso ?? undefined,
      snils,
      login: login.login,
      role,
      classRef,
      childId,
    },
  };
}

/** SNILS is a Russian number: the form asks for it where the realm's phones are Russian. */
export function takesSnils(realm: { readonly settings: { readonly phoneCountry: string } }): boolean {
  return realm.settings.phoneCountry === 'RU';
}
