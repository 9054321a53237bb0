/**
 * `/`: the realms of this deployment with links to their sign-in pages and, in demo mode only,
 * the demo people with their passwords. Also `/lang`, the language switch.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { html } from '../../core/html/html.js';
import { isLocale } from '../../core/i18n/i18n.js';
import type { Services } from '../../services.js';
import { LOCALE_COOKIE, safeLocalPath, sendHtml } from '../../web/context.js';
import type { DemoDirectory } from '../../web/demo-directory.js';
import { formText, parseForm } from '../../web/form.js';
import { layout } from '../../web/views/layout.js';

const LanguageQuery = z.object({ to: formText(5), back: formText(500) });

export function registerLanding(app: FastifyInstance, services: Services, demo: DemoDirectory | null): void {
  app.get('/', async (request, reply) => {
    const t = request.t;
    const realms = await services.realms.list();
    const people = services.config.demo && demo ? demo.people : [];
    const applications = services.config.demo && demo ? (demo.applications ?? []) : [];
    return sendHtml(
      reply,
      200,
      layout(
        { t, locale: request.locale, title: t('landing.title'), path: '/', demo: services.config.demo },
        html`<section class="card landing">
  <h1>${t('landing.title')}</h1>
  <p>${t('landing.lead')}</p>
  <ul class="realms">${realms.map(
    (r) =>
      html`<li><a href="/r/${r.id}/login">${r.name}</a> <span class="preset">(${r.settings.productName}, ${r.preset})</span></li>`,
  )}</ul>
  ${
    applications.length > 0
      ? html`<h2>${t('oidc.demo_applications')}</h2>
  <p>${t('oidc.demo_applications_lead')}</p>
  <ul class="demo-applications">${applications.map(
    (a) => html`<li><a href="${a.url}">${a.title} — ${a.realmId}</a></li>`,
  )}</ul>`
      : ''
  }
  ${services.config.demo ? html`<p class="mailbox-link"><a href="/dev/mailbox">${t('mailbox.landing_link')}</a></p>` : ''}
  ${
    people.length > 0
      ? html`<h2>${t('landing.demo_people')}</h2>
  <table class="demo-people">
    <thead><tr><th>${t('landing.realm')}</th><th>${t('landing.name')}</th><th>${t('landing.roles')}</th><th>${t('signin.login')}</th><th>${t('signin.password')}</th></tr></thead>
    <tbody>${people.map(
      (p) =>
        html`<tr><td>${p.realmId}</td><td>${p.name}${p.note ? html` <small>(${p.note})</small>` : ''}</td><td>${p.roles}</td><td><code>${p.login}</code></td><td><code>${p.password}</code></td></tr>`,
    )}</tbody>
  </table>`
      : ''
  }
</section>`,
      ),
    );
  });

  // GET is fine here: it changes a display preference, nothing else.
  app.get('/lang', async (request, reply) => {
    // A bad or repeated parameter is not worth an error page: the language stays, back home.
    const parsed = parseForm(LanguageQuery, request.query);
    const query = parsed.ok ? parsed.form : { to: '', back: '' };
    const back = safeLocalPath(query.back) ?? '/';
    if (!isLocale(query.to)) return reply.redirect(back, 303);
    reply.setCookie(LOCALE_COOKIE, query.to, {
      path: '/',
      sameSite: 'lax',
      httpOnly: true,
      secure: !services.config.demo,
      maxAge: 365 * 24 * 3600,
    });
    return reply.redirect(back, 303);
  });
}
