/**
 * The printable sheets: invitations with a code (ElJur, article 003) and sign-in details with a
 * temporary password (Dnevnik, article 002).
 *
 * Rules:
 * - A printable sheet is an `<article class="invitation">` per person, one printed page each
 *   (the stylesheet's `@media print` breaks after every `.invitation` and hides `.no-print`).
 *   Printing is the browser's own (Ctrl+P): no script is needed.
 * - Codes and temporary passwords appear only on the page that issued them, which says so.
 */
import { html, type SafeHtml } from '../../../core/html/html.js';
import type { Translate } from '../../../core/i18n/i18n.js';
import type { RunOrganisation } from '../../../directory/members.js';
import type { CodePrefix } from '../../../invitations/codes.js';
import { formatDay, type IssuedInvitation, invitationName } from '../../../invitations/issue.js';
import { notice } from '../../../web/views/layout.js';
import { deskPath, type Frame, page } from './common.js';

/** Whom the sheet is for, in the top right corner: «Родителям (6А)», «Ученику (6А)», «Сотруднику». */
function forWhom(t: Translate, prefix: CodePrefix, className: string | null): string {
  switch (prefix) {
    case 'st':
      return className ? t('desk.for.student', { class: className }) : t('desk.for.student_no_class');
    case 'pt':
      return className ? t('desk.for.parents', { class: className }) : t('desk.for.parents_no_class');
    default:
      return t('desk.for.staff');
  }
}

export interface PrintView extends Frame {
  readonly organisation: RunOrganisation;
  /** `<BASE_URL>/r/<realm>/s/<slug>/hello`. */
  readonly registrationUrl: string;
  readonly invitations: readonly IssuedInvitation[];
  /** Set for a whole class. */
  readonly batch: { readonly className: string; readonly prefix: 'st' | 'pt' } | null;
  /** Students of the class who are registered already and got no `st` code. */
  readonly skipped: readonly string[];
}

function invitationSheet(t: Translate, url: string, i: IssuedInvitation): SafeHtml {
  return html`<article class="invitation" data-person="${i.personId}" data-prefix="${i.prefix}">
  <p class="for-whom">${forWhom(t, i.prefix, i.className)}</p>
  <p class="invitee">${invitationName(i.lastName, i.firstName)}</p>
  <p class="greeting">${t('desk.invitation.greeting')}</p>
  <p class="register">${t('desk.invitation.register')}</p>
  <p class="address">${t('desk.invitation.address')}<br><span class="url">${url}</span></p>
  <p class="code-line">${t('desk.invitation.code')}<br><span class="code">${i.code}</span></p>
  <p class="valid-until hint">${t('desk.invitation.valid_until', { date: formatDay(i.expiresAt) })}</p>
</article>`;
}

function printHint(t: Translate): SafeHtml {
  return html`<p class="print-hint"><strong class="print-button">${t('desk.print.button')}</strong>: ${t('desk.print.how')}</p>`;
}

export function printPage(v: PrintView): SafeHtml {
  const { t, realm, organisation: org } = v;
  const title = v.batch
    ? t('desk.print.title_class', {
        class: v.batch.className,
        whom: t(v.batch.prefix === 'st' ? 'desk.print_for.st' : 'desk.print_for.pt'),
      })
    : t('desk.print.title');
  const voided = v.invitations.reduce((n, i) => n + (i.voided > 0 ? 1 : 0), 0);
  const first = v.invitations[0];
  return page(
    v,
    title,
    html`<section class="card print-controls no-print">
  <p class="back"><a href="${deskPath(realm, org.slug)}">${t('desk.back_to_org')}</a></p>
  <h1>${title}</h1>
  ${
    first
      ? html`${notice('warning', t('desk.print.once'))}
  <p class="issued">${t('desk.print.issued', { count: v.invitations.length, date: formatDay(first.expiresAt) })}</p>
  ${voided > 0 ? html`<p class="voided">${t('desk.print.voided', { count: voided })}</p>` : ''}
  ${printHint(t)}`
      : notice('info', t('desk.print.nobody'))
  }
  ${v.skipped.length > 0 ? html`<p class="skipped hint">${t('desk.print.skipped', { names: v.skipped.join(', ') })}</p>` : ''}
</section>
<section class="print-sheets">
${v.invitations.map((i) => invitationSheet(t, v.registrationUrl, i))}
</section>`,
  );
}

export interface CredentialsView extends Frame {
  readonly organisation: RunOrganisation;
  readonly kind: 'created' | 'reset';
  readonly person: { readonly id: string; readonly lastName: string; readonly firstName: string };
  readonly forWhom: 'student' | 'parent' | 'staff';
  readonly className: string | null;
  readonly login: string;
  readonly temporaryPassword: string;
  readonly sessionsEnded: number;
  /** `<BASE_URL>/r/<realm>/login`. */
  readonly signinUrl: string;
}

export function credentialsPage(v: CredentialsView): SafeHtml {
  const { t, realm, organisation: org } = v;
  const whom =
    v.forWhom === 'student'
      ? v.className
        ? t('desk.for.student', { class: v.className })
        : t('desk.for.student_no_class')
      : v.forWhom === 'parent'
        ? t('desk.for.parent')
        : t('desk.for.staff');
  const done =
    v.kind === 'created'
      ? t('desk.credentials.created', { login: v.login })
      : t('desk.credentials.reset', { login: v.login, count: v.sessionsEnded });
  return page(
    v,
    t('desk.credentials.title'),
    html`<section class="card print-controls no-print">
  <p class="back"><a href="${deskPath(realm, org.slug)}">${t('desk.back_to_org')}</a></p>
  <h1>${t('desk.credentials.title')}</h1>
  ${notice('success', done)}
  ${notice('warning', t('desk.credentials.once'))}
  ${printHint(t)}
</section>
<section class="print-sheets">
<article class="invitation credentials" data-person="${v.person.id}">
  <p class="for-whom">${whom}</p>
  <p class="invitee">${invitationName(v.person.lastName, v.person.firstName)}</p>
  <p class="greeting">${t('desk.invitation.greeting')}</p>
  <p class="address">${t('desk.credentials.address')}<br><span class="url">${v.signinUrl}</span></p>
  <p class="login-line">${t('desk.credentials.login')}<br><span class="code login">${v.login}</span></p>
  <p class="password-line">${t('desk.credentials.password')}<br><span class="code temporary-password">${v.temporaryPassword}</span></p>
  <p class="change-note">${t('desk.credentials.change')}</p>
</article>
</section>`,
  );
}
