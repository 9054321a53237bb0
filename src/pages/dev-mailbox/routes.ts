/**
 * The development mailbox (demo mode only): every letter and SMS the service queued, newest
 * first, with working links — the inbox of all demo people. Outside demo mode the route does not
 * exist at all.
 */
import type { FastifyInstance } from 'fastify';
import { html, type SafeHtml } from '../../core/html/html.js';
import type { OutgoingMessage } from '../../messaging/outbox.js';
import type { Services } from '../../services.js';
import { sendHtml } from '../../web/context.js';
import { layout } from '../../web/views/layout.js';

/** Plain text with its http(s) links made clickable; everything else escaped. */
export function linkify(text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"']+/g)) {
    parts.push(html`${text.slice(last, m.index)}`);
    parts.push(html`<a href="${m[0]}">${m[0]}</a>`);
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}

function body(message: OutgoingMessage | null): SafeHtml {
  if (!message) return html`<p class="hint">—</p>`;
  return html`<pre class="letter-text">${linkify(message.text)}</pre>`;
}

export function registerDevMailbox(app: FastifyInstance, services: Services): void {
  if (!services.config.demo) return;
  app.get('/dev/mailbox', async (request, reply) => {
    const t = request.t;
    const entries = await services.outbox.mailbox(200);
    return sendHtml(
      reply,
      200,
      layout(
        { t, locale: request.locale, title: t('mailbox.title'), path: '/dev/mailbox', demo: true },
        html`<section class="card mailbox">
  <h1>${t('mailbox.title')}</h1>
  <p class="hint">${t('mailbox.lead')}</p>
  ${entries.length === 0 ? html`<p>${t('mailbox.empty')}</p>` : ''}
  ${entries.map(
    ({
      row,
      message,
    }) => html`<article class="letter" data-channel="${row.channel}" data-to="${row.recipient}" data-template="${row.template}">
    <header>
      <span class="channel">${row.channel === 'email' ? t('mailbox.email') : t('mailbox.sms')}</span>
      <strong class="to">${row.recipient}</strong>
      <time datetime="${new Date(row.created_at).toISOString()}">${new Date(row.created_at).toISOString().replace('T', ' ').slice(0, 19)}</time>
      <span class="status status-${row.status}" data-status="${row.status}">${t(`mailbox.status.${row.status}`)}</span>
    </header>
    ${message?.channel === 'email' ? html`<h2 class="subject">${message.subject}</h2>` : ''}
    ${body(message)}
  </article>`,
  )}
</section>`,
      ),
    );
  });
}
