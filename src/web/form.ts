/**
 * Reading a submitted form with a schema (zod): one place turns a request body into the typed
 * form a flow works with, and into a localised message per field when it cannot.
 *
 * Rules for every form:
 * - Only the fields the schema names are read; anything else in the body is ignored.
 * - A missing field is an empty string (a browser leaves out unchecked boxes and empty selects).
 * - A repeated field (`a=1&a=2`) is refused (`form.repeated`) rather than guessed at.
 * - Each field has a length limit; past it the field is refused (`form.too_long`), and nothing
 *   longer than the limit is ever echoed back into the page.
 * - A schema's own checks carry message keys as their messages (`z.string().min(1,
 *   'recovery.login_required')`); the first problem of each field is reported.
 *
 * Example:
 *
 *   const SigninForm = z.object({ login: formText(200), password: formText(1024) });
 *   const parsed = parseForm(SigninForm, request.body);
 *   if (!parsed.ok) return render(400, parsed.raw, parsed.errors);
 *   signIn(deps, parsed.form);
 */
import { z } from 'zod';
import type { MessageKey } from '../core/i18n/i18n.js';
import { isMessageKey } from '../messages.js';

/** A text field of at most `max` characters (a missing field is ''). */
export function formText(max: number): z.ZodString {
  return z.string({ error: 'form.repeated' }).max(max, { error: 'form.too_long' });
}

/** A checkbox: present with any value means checked. */
export function formCheckbox(): z.ZodPipe<z.ZodString, z.ZodTransform<boolean, string>> {
  return z
    .string({ error: 'form.repeated' })
    .max(10, { error: 'form.too_long' })
    .transform((value) => value.length > 0);
}

export type FormErrors<F extends string> = Partial<Record<F, MessageKey>>;

export type ParsedForm<T, F extends string> =
  | { readonly ok: true; readonly form: T; readonly raw: Readonly<Record<F, string>> }
  | { readonly ok: false; readonly errors: FormErrors<F>; readonly raw: Readonly<Record<F, string>> };

/** What may be shown back in the form: strings only, never longer than this. */
const ECHO_MAX = 300;

export function parseForm<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  body: unknown,
): ParsedForm<z.output<z.ZodObject<Shape>>, Extract<keyof Shape, string>> {
  type F = Extract<keyof Shape, string>;
  const fields: Record<string, unknown> =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const names = Object.keys(schema.shape) as F[];
  const input: Record<string, unknown> = {};
  const raw = {} as Record<F, string>;
  for (const name of names) {
    const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
    input[name] = value === undefined ? '' : value;
    raw[name] = typeof value === 'string' ? value.slice(0, ECHO_MAX) : '';
  }
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, form: result.data, raw };
  const errors: FormErrors<F> = {};
  for (const issue of result.error.issues) {
    const name = issue.path[0];
    if (typeof name !== 'string' || !names.includes(name as F)) continue;
    const field = name as F;
    if (errors[field] !== undefined) continue;
    errors[field] = isMessageKey(issue.message) ? issue.message : 'form.invalid';
  }
  return { ok: false, errors, raw };
}
