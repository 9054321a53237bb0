/**
 * What every page of the curator desk shares: the frame, addresses, names and roles, and the
 * refusal page.
 *
 * Rules for every desk page:
 * - Every value goes through `html` (names and logins typed by a school are escaped); nothing
 *   here uses `raw`, and nothing is inline script or style (the CSP forbids both).
 * - People are shown by name, login («не зарегистрирован» for a pending profile) and whether
 *   email and phone are confirmed; the view types carry nothing else.
 * - Every form posts with a `_csrf` field; codes and passwords are issued only by POST.
 */
import { html, type SafeHtml } from '../../../core/html/html.js';
import type { Translate } from '../../../core/i18n/i18n.js';
import type { Role } from '../../../db/schema.js';
import type { LoadedRealm } from '../../../realms/realm-store.js';
import { type RealmFrame, realmPage } from '../../../web/views/layout.js';
import { ROLE_KEYS } from '../../../web/views/roles.js';

/** What every desk page knows about where it is. */
export type Frame = RealmFrame;

export function deskPath(realm: LoadedRealm, slug?: string, rest = ''): string {
  return `/r/${realm.id}/desk${slug === undefined ? '' : `/${encodeURIComponent(slug)}${rest}`}`;
}

export function page(f: Frame, title: string, body: SafeHtml): SafeHtml {
  return realmPage(f, title, body);
}

export function fullName(p: { lastName: string; firstName: string; middleName?: string | null }): string {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
}

export function roleList(t: Translate, roles: readonly Role[]): string {
  return roles.map((r) => t(ROLE_KEYS[r])).join(', ');
}

export interface BackLink {
  readonly href: string;
  readonly label: string;
}

export function messagePage(f: Frame, status: number, message: string, back: BackLink): SafeHtml {
  const { t } = f;
  return page(
    f,
    t('error.title'),
    html`<section class="card desk-refusal">
  <h1>${t('error.title')}</h1>
  <p class="error-message" data-status="${status}">${message}</p>
  <p class="back"><a href="${back.href}">${back.label}</a></p>
</section>`,
  );
}
