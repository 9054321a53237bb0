/**
 * Every letter and SMS the service sends, in ru, en and kk, overridable per realm.
 *
 * Params are `{{name}}` placeholders. In the subject, the text part and SMS a value is inserted as
 * is; in the HTML part it is always HTML-escaped, in the built-in templates and in a realm's html
 * override alike. The realm's product name and support hint are placeholders every template may
 * use (`{{productName}}`, `{{supportHint}}`). A missing param is a bug in the caller and throws.
 */
import { escapeHtml } from '../../core/html/html.js';
import type { Locale } from '../../core/i18n/i18n.js';
import { en } from './builtin.en.js';
import { kk } from './builtin.kk.js';
import { ru } from './builtin.ru.js';
import { builtinHtml, builtinText } from './layout.js';
import {
  type BuiltinCatalogue,
  EMAIL_TEMPLATE_PARAMS,
  type EmailTemplateName,
  SMS_TEMPLATE_PARAMS,
  type SmsTemplateName,
} from './names.js';
import type { TemplateOverrides } from './overrides.js';
import { fillPlaceholders, type PlaceholderValues } from './placeholders.js';

export {
  CONTEXT_PLACEHOLDERS,
  EMAIL_TEMPLATE_NAMES,
  EMAIL_TEMPLATE_PARAMS,
  type EmailTemplateName,
  SMS_TEMPLATE_NAMES,
  SMS_TEMPLATE_PARAMS,
  type SmsTemplateName,
} from './names.js';
export {
  type EmailTemplateOverride,
  type LocaleTemplateOverrides,
  MAX_OVERRIDE_LENGTH,
  type SmsTemplateOverride,
  type TemplateOverrides,
  templateOverridesSchema,
} from './overrides.js';

export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface TemplateContext {
  /** As the realm calls itself: «Дневник.ру», «ЭлЖур», «app.recycle.kz». */
  readonly productName: string;
  /** One line of text closing every letter, e.g. where to find help. */
  readonly supportHint?: string;
}

export type TemplateParams = Readonly<Record<string, string | number>>;

export const BUILTIN_TEMPLATES: Readonly<Record<Locale, BuiltinCatalogue>> = { ru, en, kk };

const asIs = (value: string): string => value;

function collectValues(
  where: string,
  declared: readonly string[],
  params: TemplateParams,
  context: TemplateContext,
): PlaceholderValues {
  const values = new Map<string, string>();
  for (const name of declared) {
    const value: unknown = Object.hasOwn(params, name) ? params[name] : undefined;
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      values.set(name, String(value));
    } else {
      throw new Error(`${where}: missing param "${name}" (expected ${declared.join(', ')})`);
    }
  }
  // The link becomes an href: anything but a web address there (javascript:, data:) is a bug.
  const link = values.get('link');
  if (link !== undefined && !/^https?:\/\/\S+$/i.test(link)) {
    throw new Error(`${where}: the param "link" must be an http(s) URL`);
  }
  values.set('productName', context.productName);
  values.set('supportHint', context.supportHint ?? '');
  return values;
}

/** Subjects are one line of plain text whatever a param (a name typed by a person) contains. */
function oneLine(text: string): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

export function renderEmail(
  name: EmailTemplateName,
  locale: Locale,
  params: TemplateParams,
  context: TemplateContext,
  overrides?: TemplateOverrides,
): EmailContent {
  const where = `email template "${name}" (${locale})`;
  const values = collectValues(where, EMAIL_TEMPLATE_PARAMS[name], params, context);
  const catalogue = BUILTIN_TEMPLATES[locale];
  const builtin = catalogue.email[name];
  const override = overrides?.[locale]?.[name];

  const subject = oneLine(fillPlaceholders(override?.subject ?? builtin.subject, values, asIs, where));
  const text =
    override?.text !== undefined
      ? fillPlaceholders(override.text, values, asIs, where)
      : builtinText(builtin, catalogue, values, where);
  const html =
    override?.html !== undefined
      ? fillPlaceholders(override.html, values, escapeHtml, where)
      : builtinHtml(locale, subject, builtin, catalogue, values, where);
  return { subject, text, html };
}

export function renderSms(
  name: SmsTemplateName,
  locale: Locale,
  params: TemplateParams,
  context: TemplateContext,
  overrides?: TemplateOverrides,
): string {
  const where = `SMS template "${name}" (${locale})`;
  const values = collectValues(where, SMS_TEMPLATE_PARAMS[name], params, context);
  const template = overrides?.[locale]?.[name]?.text ?? BUILTIN_TEMPLATES[locale].sms[name];
  return fillPlaceholders(template, values, asIs, where);
}
