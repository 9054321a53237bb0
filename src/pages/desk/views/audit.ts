/**
 * «Журнал событий»: the filter form (person, kind, period), one page of events newest first with
 * a link to the older ones, and the CSV export of the same filter. Names link to the same page
 * filtered to that person. Shows what happened, when, by whom, about whom and from where
 * (address, browser); detail only as `visibleDetail` left it.
 */

import type { AuditFilterField } from '../../../audit-view/filter.js';
import { AUDIT_KINDS, type AuditKind } from '../../../audit-view/kinds.js';
import { type AuditPage, type AuditRow, formatCursor, type PersonRef } from '../../../audit-view/query.js';
import { html, type SafeHtml } from '../../../core/html/html.js';
import type { MessageKey, Translate } from '../../../core/i18n/i18n.js';
import { fieldError, notice } from '../../../web/views/layout.js';
import { type Frame, page } from './common.js';

export interface AuditView extends Frame {
  readonly title: string;
  readonly back: { readonly href: string; readonly label: string };
  /** The page's own address (no query). */
  readonly base: string;
  readonly raw: {
    readonly person: string;
    readonly kind: readonly string[];
    readonly from: string;
    readonly to: string;
  };
  readonly person: PersonRef | null;
  readonly errors: Partial<Record<AuditFilterField, MessageKey>>;
  readonly result: AuditPage | null;
  /** True when this is not the first page. */
  readonly paged: boolean;
}

function query(v: AuditView, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (v.raw.person) params.set('person', v.raw.person);
  for (const k of v.raw.kind) params.append('kind', k);
  if (v.raw.from) params.set('from', v.raw.from);
  if (v.raw.to) params.set('to', v.raw.to);
  for (const [k, value] of Object.entries(extra)) params.set(k, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function when(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}

function personCell(t: Translate, v: AuditView, p: PersonRef | null): SafeHtml {
  if (p === null) return html`<span class="hint">${t('audit.anonymous')}</span>`;
  const label = p.name || p.id;
  const params = new URLSearchParams({ person: p.id });
  return html`<a class="audit-person" href="${v.base}?${params.toString()}">${label}</a>${
    p.login ? html` <code>${p.login}</code>` : ''
  }`;
}

function kindLabel(t: Translate, kind: AuditKind | 'other'): string {
  return t(`audit.kind.${kind}`);
}

function eventRow(t: Translate, v: AuditView, r: AuditRow): SafeHtml {
  const detail = Object.entries(r.detail);
  return html`<tr class="audit-event" data-action="${r.action}" data-kind="${r.kind}">
    <td class="at"><time datetime="${new Date(r.at).toISOString()}">${when(r.at)}</time></td>
    <td class="event"><code>${r.action}</code> <span class="hint">${kindLabel(t, r.kind)}</span></td>
    <td class="actor">${personCell(t, v, r.actor)}</td>
    <td class="subject">${personCell(t, v, r.subject)}</td>
    <td class="where">${r.ip ?? ''}${r.userAgent ? html`<br><span class="hint ua">${r.userAgent.slice(0, 80)}</span>` : ''}</td>
    <td class="detail">${detail.map(([k, value]) => html`<span class="audit-detail">${k}: ${value}</span> `)}</td>
  </tr>`;
}

function filterForm(t: Translate, v: AuditView): SafeHtml {
  const e = v.errors;
  const invalid = (f: AuditFilterField): SafeHtml =>
    e[f] ? html` aria-invalid="true" aria-describedby="${f}-error"` : html``;
  return html`<form method="get" action="${v.base}" class="audit-filter no-print">
    ${
      v.raw.person
        ? html`<p class="audit-person-filter">${t('audit.filter.person')}: <strong>${v.person?.name || v.raw.person}</strong>
      <input type="hidden" name="person" value="${v.raw.person}"></p>`
        : ''
    }
    ${fieldError('person', e.person ? t(e.person) : undefined)}
    <fieldset>
      <legend>${t('audit.filter.kind')}</legend>
      ${AUDIT_KINDS.map(
        (k) =>
          html`<label class="check"><input type="checkbox" name="kind" value="${k}"${
            v.raw.kind.includes(k) ? html` checked` : ''
          }> ${kindLabel(t, k)}</label> `,
      )}
      ${fieldError('kind', e.kind ? t(e.kind) : undefined)}
    </fieldset>
    <label for="from">${t('audit.filter.from')}</label>
    <input type="date" id="from" name="from" value="${v.raw.from}"${invalid('from')}>
    ${fieldError('from', e.from ? t(e.from) : undefined)}
    <label for="to">${t('audit.filter.to')}</label>
    <input type="date" id="to" name="to" value="${v.raw.to}"${invalid('to')}>
    ${fieldError('to', e.to ? t(e.to) : undefined)}
    <button type="submit">${t('audit.filter.apply')}</button>
    <a class="audit-reset" href="${v.base}">${t('audit.filter.reset')}</a>
  </form>`;
}

export function auditPageView(v: AuditView): SafeHtml {
  const { t } = v;
  const result = v.result;
  const table =
    result === null
      ? html``
      : result.rows.length === 0
        ? html`<p class="hint audit-nothing">${t('audit.nothing')}</p>`
        : html`<table class="desk-people audit-events">
    <thead><tr>
      <th scope="col">${t('audit.col.at')}</th>
      <th scope="col">${t('audit.col.event')}</th>
      <th scope="col">${t('audit.col.actor')}</th>
      <th scope="col">${t('audit.col.subject')}</th>
      <th scope="col">${t('audit.col.where')}</th>
      <th scope="col">${t('audit.col.detail')}</th>
    </tr></thead>
    <tbody>${result.rows.map((r) => eventRow(t, v, r))}</tbody>
  </table>`;
  const next = result?.next;
  return page(
    v,
    v.title,
    html`<section class="card desk desk-org desk-audit">
  <p class="back no-print"><a href="${v.back.href}">${v.back.label}</a></p>
  <h1>${v.title}</h1>
  <p class="lead">${t('audit.lead')}</p>
  ${v.errors.before ? notice('error', t(v.errors.before)) : ''}
  ${filterForm(t, v)}
  <p class="audit-export no-print"><a class="audit-csv" href="${v.base}.csv${query(v)}" download>${t('audit.export')}</a></p>
  ${table}
  <p class="audit-pages no-print">${
    v.paged ? html`<a class="audit-first" href="${v.base}${query(v)}">${t('audit.first_page')}</a> ` : ''
  }${next ? html`<a class="audit-older" rel="next" href="${v.base}${query(v, { before: formatCursor(next) })}">${t('audit.older')}</a>` : ''}</p>
</section>`,
  );
}
