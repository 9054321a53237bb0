/**
 * Message catalogues: Russian is the reference (its keys define `MessageKey`), English and
 * Kazakh must have every key — the compiler checks the shape, `i18n.test.ts` checks the text is
 * there. Parameters are `{name}` placeholders.
 */
import { en } from './catalogue.en.js';
import { kk } from './catalogue.kk.js';
import { type MessageKey, ru } from './catalogue.ru.js';

export type { MessageKey } from './catalogue.ru.js';

export const LOCALES = ['ru', 'en', 'kk'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATALOGUES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { ru, en, kk };

export type MessageParams = Readonly<Record<string, string | number>>;

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(ru, value);
}

export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  return (key, params) => {
    const template = catalogue[key] ?? ru[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole: string, name: string) =>
      Object.hasOwn(params, name) ? String(params[name]) : whole,
    );
  };
}
