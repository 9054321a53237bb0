/** The page frame every screen renders into: language switch, title, realm header. */
import { html, raw, SafeHtml } from '../../core/html/html.js';
import { LOCALES, type Locale, type Translate } from '../../core/i18n/i18n.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { lookLinks } from '../look.js';

export interface PageFrame {
  readonly t: Translate;
  readonly locale: Locale;
  readonly title: string;
  /** The path of this page, for the language switch to come back to. */
  readonly path: string;
  readonly productName?: string;
  readonly homeHref?: string;
  readonly demo?: boolean;
  /** The realm of the page: its look (colour, logo, favicon) and, unless given, its product name. */
  readonly realm?: LoadedRealm;
  /** Extra elements of <head> (a page that moves on by itself: `<meta http-equiv="refresh">`). */
  readonly head?: SafeHtml;
}

const LOCALE_NAMES: Record<Locale, string> = { ru: 'Русский', en: 'English', kk: 'Қазақша' };

/**
 * The frame around a body depends on the translator and on the frame's fields alone, and is the
 * same for every person: it is rendered once and kept (before and after the body) for each
 * translator and frame, `FRAMES_KEPT` of them per translator, the oldest let go first. Under load
 * a page's HTML cost the profile page more than its two database reads; the frame is most of it.
 */
const frames = new WeakMap<Translate, Map<string, readonly [string, string]>>();
export const FRAMES_KEPT = 128;
const BODY = '\u0000body\u0000';

export function layout(frame: PageFrame, body: SafeHtml): SafeHtml {
  const look = frame.realm ? lookLinks(frame.realm) : null;
  const productName = frame.productName ?? frame.realm?.settings.productName;
  const key = [
    frame.locale,
    frame.title,
    productName ?? '',
    frame.path,
    frame.homeHref ?? '',
    frame.demo ? '1' : '',
    look?.css ?? '',
    look?.favicon ?? '',
    look?.logo ?? '',
    frame.head?.value ?? '',
  ].join('\u0000');
  let kept = frames.get(frame.t);
  if (!kept) {
    kept = new Map();
    frames.set(frame.t, kept);
  }
  let parts = kept.get(key);
  if (!parts) {
    const whole = frameAround(frame, look, productName, raw(BODY)).value;
    // The last one: the body comes after everything a frame field could put there (title, head).
    const at = whole.lastIndexOf(BODY);
    parts = [whole.slice(0, at), whole.slice(at + BODY.length)];
    if (kept.size >= FRAMES_KEPT) {
      const oldest = kept.keys().next().value;
      if (oldest !== undefined) kept.delete(oldest);
    }
    kept.set(key, parts);
  }
  return new SafeHtml(parts[0] + body.value + parts[1]);
}

function frameAround(
  frame: PageFrame,
  look: ReturnType<typeof lookLinks> | null,
  productName: string | undefined,
  body: SafeHtml,
): SafeHtml {
  const { t, locale } = frame;
  const back = encodeURIComponent(frame.path);
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title}${productName ? ` — ${productName}` : ''}</title>
<link rel="stylesheet" href="/assets/style.css">
${look ? html`<link rel="stylesheet" href="${look.css}">` : ''}
${look?.favicon ? html`<link rel="icon" href="${look.favicon}">` : ''}
${frame.head ?? ''}
</head>
<body>
<a class="skip-link" href="#content">${t('layout.skip')}</a>
<header class="top">
  <a class="brand" href="${frame.homeHref ?? '/'}">${look?.logo ? html`<img class="logo" src="${look.logo}" alt="">` : ''}${productName ?? t('app.name')}</a>
  <nav class="langs" aria-label="${t('layout.language')}">
    ${LOCALES.map((l) =>
      l === locale
        ? html`<span class="lang current" aria-current="true">${LOCALE_NAMES[l]}</span>`
        : html`<a class="lang" lang="${l}" hreflang="${l}" href="/lang?to=${l}&amp;back=${back}">${LOCALE_NAMES[l]}</a>`,
    )}
  </nav>
${frame.demo ? html`<p class="demo-banner">${t('layout.demo_banner')}</p>` : ''}
</header>
<main id="content" tabindex="-1">
${body}
</main>
<footer class="bottom">${t('app.footer')}</footer>
</body>
</html>`;
}

/** A visible message box; `role=alert` so screen readers announce errors. */
export function notice(kind: 'error' | 'info' | 'success' | 'warning', text: string | SafeHtml): SafeHtml {
  return html`<div class="notice notice-${kind}" ${kind === 'error' ? html`role="alert"` : ''}>${text}</div>`;
}

export function fieldError(id: string, message: string | undefined): SafeHtml {
  return message ? html`<p class="field-error" id="${id}-error">${message}</p>` : html``;
}

/** The attributes of a field with a problem: marked invalid and described by its `fieldError`. */
export function invalidAttrs(id: string, invalid: boolean): SafeHtml {
  return invalid ? html`aria-invalid="true" aria-describedby="${id}-error"` : html``;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** What every page of a realm knows about where it is. */
export interface RealmFrame {
  readonly t: Translate;
  readonly locale: Locale;
  readonly realm: LoadedRealm;
  readonly path: string;
  readonly demo: boolean;
}

/** A realm page: the realm's product name in the header, linking to its profile or sign-in. */
export function realmPage(
  f: RealmFrame,
  title: string,
  body: SafeHtml,
  home: 'profile' | 'login' = 'profile',
): SafeHtml {
  return layout(
    {
      t: f.t,
      locale: f.locale,
      title,
      path: f.path,
      realm: f.realm,
      homeHref: `/r/${f.realm.id}/${home}`,
      demo: f.demo,
    },
    body,
  );
}
