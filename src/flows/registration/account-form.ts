/**
 * The account form as the page posts it, read by its schema (`web/form.ts`): every field a
 * bounded string, «Дети» a list of up to `CODE_INPUTS_MAX` codes (several inputs of one name),
 * and what the form itself refuses (a repeated or over-long field) answered next to the field.
 */
import { z } from 'zod';
import { type FormErrors, formText, parseForm } from '../../web/form.js';
import type { Problem } from './registration.js';

/** Codes one registration may add under «Дети». */
export const MAX_CHILD_CODES = 6;
/** «Дети» inputs read at all: past this the form is refused, not read. */
const CODE_INPUTS_MAX = 50;
export const NEW_GUARDIAN = 'new';

export interface AccountForm {
  readonly login: string;
  readonly password: string;
  readonly password2: string;
  readonly email: string;
  readonly phone: string;
  /** A pending guardian's id, or `new`; empty when there was no choice. */
  readonly guardian: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string;
  /** The non-empty «Дети» inputs, in page order. */
  readonly childCodes: readonly string[];
}

export const EMPTY_FORM: AccountForm = {
  login: '',
  password: '',
  password2: '',
  email: '',
  phone: '',
  guardian: '',
  lastName: '',
  firstName: '',
  middleName: '',
  childCodes: [],
};

export type SingleField =
  | 'login'
  | 'password2'
  | 'email'
  | 'phone'
  | 'guardian'
  | 'lastName'
  | 'firstName'
  | 'middleName';

export interface AccountErrors {
  readonly fields: Partial<Record<SingleField, Problem>>;
  readonly password: readonly Problem[];
  /** One entry per code of `AccountForm.childCodes`, null when that code is fine. */
  readonly childCodes: readonly (Problem | null)[];
  /** A message above the form (a code taken meanwhile). */
  readonly banner?: Problem;
}

export const NO_ERRORS: AccountErrors = { fields: {}, password: [], childCodes: [] };

const childCodeList = z
  .union([z.string(), z.array(z.string())], { error: 'form.invalid' })
  .transform((value) => (typeof value === 'string' ? [value] : value))
  .pipe(
    z.array(z.string().max(200, { error: 'form.too_long' })).max(CODE_INPUTS_MAX, { error: 'form.too_long' }),
  )
  .transform((codes) => codes.map((c) => c.trim()).filter((c) => c !== ''));

const AccountSchema = z.object({
  login: formText(1000),
  password: formText(1000),
  password2: formText(1000),
  email: formText(1000),
  phone: formText(100),
  guardian: formText(64),
  last_name: formText(400),
  first_name: formText(400),
  middle_name: formText(400),
  child_code: childCodeList,
});

type Posted = keyof z.output<typeof AccountSchema>;

/** Where a posted field's problem is shown: the field of the same name. */
const SINGLE_OF: Readonly<Record<Exclude<Posted, 'password' | 'child_code'>, SingleField>> = {
  login: 'login',
  password2: 'password2',
  email: 'email',
  phone: 'phone',
  guardian: 'guardian',
  last_name: 'lastName',
  first_name: 'firstName',
  middle_name: 'middleName',
};

function toForm(
  posted: Record<Exclude<Posted, 'child_code'>, string>,
  childCodes: readonly string[],
): AccountForm {
  return {
    login: posted.login,
    password: posted.password,
    password2: posted.password2,
    email: posted.email,
    phone: posted.phone,
    guardian: posted.guardian,
    lastName: posted.last_name,
    firstName: posted.first_name,
    middleName: posted.middle_name,
    childCodes,
  };
}

function toErrors(errors: FormErrors<Posted>): AccountErrors {
  const fields: Partial<Record<SingleField, Problem>> = {};
  for (const [posted, single] of Object.entries(SINGLE_OF) as [keyof typeof SINGLE_OF, SingleField][]) {
    const key = errors[posted];
    if (key !== undefined) fields[single] = { key };
  }
  return {
    fields,
    password: errors.password === undefined ? [] : [{ key: errors.password }],
    childCodes: errors.child_code === undefined ? [] : [{ key: errors.child_code }],
  };
}

export type ReadAccount =
  | { readonly ok: true; readonly form: AccountForm }
  /** `form` holds what can be shown again: the single fields as typed, no «Дети». */
  | { readonly ok: false; readonly form: AccountForm; readonly errors: AccountErrors };

export function readAccountForm(body: unknown): ReadAccount {
  const parsed = parseForm(AccountSchema, body);
  if (parsed.ok) return { ok: true, form: toForm(parsed.form, parsed.form.child_code) };
  return { ok: false, form: toForm(parsed.raw, []), errors: toErrors(parsed.errors) };
}

const FlowField = z.object({ flow: formText(64) });

/** The flow id a page carries (a hidden field, or `?flow=`); '' when there is none to read. */
export function readFlowId(fields: unknown): string {
  const parsed = parseForm(FlowField, fields);
  return parsed.ok ? parsed.form.flow : '';
}
