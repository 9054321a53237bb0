/**
 * Messages in three languages: the types every area uses and the translator's machinery. Core
 * holds only its own catalogue (`catalogue.*.ts`: Russian is the reference, English and Kazakh
 * must have every key); each area keeps its messages beside its code, and `src/messages.ts`
 * assembles them all into one catalogue per language. Core never imports an area.
 *
 * `MessageKey` is every key of that assembled catalogue: `src/messages.ts` adds the keys to
 * `MessageCatalogue` by declaration merging, so a key is checked by the compiler wherever it is
 * used, and the test beside `src/messages.ts` checks that every language has its text.
 * Parameters are `{name}` placeholders.
 */

export const LOCALES = ['ru', 'en', 'kk'] as const;
export type Locale = (typeof LOCALES)[number];

/** Every message key of the service, one member per key (filled in by `src/messages.ts`). */
// biome-ignore lint/suspicious/noEmptyInterface: the assembled catalogue merges its keys in here
export interface MessageCatalogue {}

export type MessageKey = Extract<keyof MessageCatalogue, string>;

export type Catalogues = Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>>;

export type MessageParams = Readonly<Record<string, string | number>>;

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Fills `{name}` placeholders; an unknown name stays as written. */
export function fillMessage(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole: string, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** A translator for `locale` over `catalogues`, falling back to Russian, then to the key itself. */
export function translatorOver(catalogues: Catalogues, locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, params) => fillMessage(catalogue[key] ?? catalogues.ru[key] ?? key, params);
}
