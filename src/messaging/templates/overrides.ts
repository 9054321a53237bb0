/**
 * Per-realm overrides of the built-in templates and the schema that validates them when a realm is
 * configured. A mistake in an override — an unknown placeholder, a typo in a template name — is
 * reported at configuration time, not when a parent is waiting for a recovery letter.
 */
import { z } from 'zod';
import type { Locale } from '../../core/i18n/i18n.js';
import { availablePlaceholders, type EmailTemplateName, type SmsTemplateName } from './names.js';
import { scanPlaceholders } from './placeholders.js';

export const MAX_OVERRIDE_LENGTH = 10_000;

/**
 * Any part left out falls back to the built-in one. `subject` and `text` are plain text; `html`
 * is the whole HTML part, markup written by the realm, in which every substituted value is
 * escaped.
 */
export interface EmailTemplateOverride {
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
}

export interface SmsTemplateOverride {
  readonly text?: string;
}

/** Email and SMS template names never collide, so one object per locale holds both. */
export type LocaleTemplateOverrides = { readonly [N in EmailTemplateName]?: EmailTemplateOverride } & {
  readonly [N in SmsTemplateName]?: SmsTemplateOverride;
};

export interface TemplateOverrides {
  readonly ru?: LocaleTemplateOverrides;
  readonly en?: LocaleTemplateOverrides;
  readonly kk?: LocaleTemplateOverrides;
}

const unknownKeys =
  (what: string, known: readonly string[]) =>
  (issue: { readonly code?: string; readonly keys?: readonly string[] }): string | undefined =>
    issue.code === 'unrecognized_keys'
      ? `unknown ${what} ${(issue.keys ?? []).map((k) => `"${k}"`).join(', ')}; known: ${known.join(', ')}`
      : undefined;

const part = z
  .string()
  .max(MAX_OVERRIDE_LENGTH, `must be at most ${MAX_OVERRIDE_LENGTH} characters`)
  .refine((s) => s.trim().length > 0, 'must not be empty; leave the part out to use the built-in one');

// A line break in a subject would be a header injection waiting for a careless transport.
const subjectPart = part.refine((s) => !/[\r\n]/.test(s), 'a subject must be a single line');

function checkPlaceholders(
  locale: Locale,
  name: EmailTemplateName | SmsTemplateName,
  parts: Readonly<Record<string, string | undefined>>,
  ctx: z.RefinementCtx,
): void {
  const available = availablePlaceholders(name);
  const list = available.map((p) => `{{${p}}}`).join(', ');
  for (const [key, value] of Object.entries(parts)) {
    if (value === undefined) continue;
    const scan = scanPlaceholders(value);
    for (const fragment of scan.malformed) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `template "${name}" (${locale}, ${key}): malformed placeholder "${fragment}"; write {{name}} with letters, digits and _ only`,
      });
    }
    for (const placeholder of scan.names) {
      if (available.includes(placeholder)) continue;
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `template "${name}" (${locale}, ${key}): unknown placeholder {{${placeholder}}}; this template provides ${list}`,
      });
    }
  }
}

const PART_KEYS_EMAIL = ['subject', 'text', 'html'];
const PART_KEYS_SMS = ['text'];

function email(locale: Locale, name: EmailTemplateName) {
  return z
    .strictObject(
      { subject: subjectPart.optional(), text: part.optional(), html: part.optional() },
      { error: unknownKeys(`part of "${name}"`, PART_KEYS_EMAIL) },
    )
    .superRefine((value, ctx) => checkPlaceholders(locale, name, value, ctx))
    .optional();
}

function sms(locale: Locale, name: SmsTemplateName) {
  return z
    .strictObject({ text: part.optional() }, { error: unknownKeys(`part of SMS "${name}"`, PART_KEYS_SMS) })
    .superRefine((value, ctx) => checkPlaceholders(locale, name, value, ctx))
    .optional();
}

function forLocale(locale: Locale) {
  const shape = {
    email_confirmation: email(locale, 'email_confirmation'),
    password_reset_link: email(locale, 'password_reset_link'),
    login_reminder: email(locale, 'login_reminder'),
    login_and_reset_link: email(locale, 'login_and_reset_link'),
    password_changed: email(locale, 'password_changed'),
    email_changed: email(locale, 'email_changed'),
    second_factor_reset: email(locale, 'second_factor_reset'),
    email_code: email(locale, 'email_code'),
    new_code: email(locale, 'new_code'),
    phone_confirmation_code: sms(locale, 'phone_confirmation_code'),
    recovery_code: sms(locale, 'recovery_code'),
  } satisfies Record<EmailTemplateName | SmsTemplateName, z.ZodType>;
  return z.strictObject(shape, { error: unknownKeys('template', Object.keys(shape)) }).optional();
}

const localeShape = { ru: forLocale('ru'), en: forLocale('en'), kk: forLocale('kk') } satisfies Record<
  Locale,
  z.ZodType
>;

export const templateOverridesSchema: z.ZodType<TemplateOverrides> = z.strictObject(localeShape, {
  error: unknownKeys('locale', Object.keys(localeShape)),
});
