/**
 * The service's messages, assembled: core's own catalogue and each area's messages, one
 * catalogue per language. This is the only module that knows every area's messages; core
 * imports none of them (an area's message file may import core, so core importing it back
 * would be a cycle).
 *
 * To add an area's messages: export `ru` (the reference, `as const`), `en` and `kk` (each
 * `satisfies Record<keyof typeof ru, string>`) from the area's `messages.ts`, and spread them
 * below. `MessageKey` (in `core/i18n`) then includes the new keys everywhere, and
 * `messages.test.ts` checks that every language has every key with the same placeholders.
 */

import * as adminApi from './admin-api/messages.js';
import { en as coreEn } from './core/i18n/catalogue.en.js';
import { kk as coreKk } from './core/i18n/catalogue.kk.js';
import { ru as coreRu } from './core/i18n/catalogue.ru.js';
import {
  type Catalogues,
  type Locale,
  type MessageKey,
  type Translate,
  translatorOver,
} from './core/i18n/i18n.js';
import * as esia from './esia/messages.js';
import * as welcome from './flows/email-verification/messages.js';
import * as esiaWizard from './flows/esia-signin/messages.js';
import * as registration from './flows/registration/messages.js';
import * as mfaGuide from './flows/second-factor/guide-messages.js';
import * as mfa from './flows/second-factor/messages.js';
import * as ecp from './flows/signature/messages.js';
import * as oidc from './oidc/messages.js';
import * as access from './pages/access/messages.js';
import * as desk from './pages/desk/messages.js';
import * as mailbox from './pages/dev-mailbox/messages.js';
import * as schools from './pages/schools/messages.js';
import * as school from './school-messages.js';
import * as signature from './signature/messages.js';

const ru = {
  ...coreRu,
  ...access.ru,
  ...mailbox.ru,
  ...schools.ru,
  ...desk.ru,
  ...registration.ru,
  ...oidc.ru,
  ...esia.ru,
  ...esiaWizard.ru,
  ...signature.ru,
  ...ecp.ru,
  ...school.ru,
  ...adminApi.ru,
  ...mfa.ru,
  ...mfaGuide.ru,
  ...welcome.ru,
};

declare module './core/i18n/i18n.js' {
  interface MessageCatalogue extends Record<keyof typeof ru, string> {}
}

export const CATALOGUES: Catalogues = {
  ru,
  en: {
    ...coreEn,
    ...access.en,
    ...mailbox.en,
    ...schools.en,
    ...desk.en,
    ...registration.en,
    ...oidc.en,
    ...esia.en,
    ...esiaWizard.en,
    ...signature.en,
    ...school.en,
    ...adminApi.en,
    ...ecp.en,
    ...mfa.en,
    ...mfaGuide.en,
    ...welcome.en,
  },
  kk: {
    ...coreKk,
    ...access.kk,
    ...mailbox.kk,
    ...schools.kk,
    ...desk.kk,
    ...registration.kk,
    ...oidc.kk,
    ...esia.kk,
    ...esiaWizard.kk,
    ...signature.kk,
    ...school.kk,
    ...adminApi.kk,
    ...ecp.kk,
    ...mfa.kk,
    ...mfaGuide.kk,
    ...welcome.kk,
  },
};

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(ru, value);
}

const translators = new Map<Locale, Translate>();

/** The translator of `locale` (one per language, made once). */
export function translator(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    t = translatorOver(CATALOGUES, locale);
    translators.set(locale, t);
  }
  return t;
}
