/**
 * «Двухфакторная аутентификация»: the instructions the ЭЦП sign-in screen of article 004 points
 * to («просим ознакомиться с инструкцией по входу в систему»). Public, the same for everyone,
 * nothing looked up; what it says follows the realm: how a person signs in first (ЭЦП, password,
 * either), whether the second factor is required there, whether passkeys may stand in for the
 * code. For a person with neither phone nor recovery codes it leads to «Не получается войти?»
 * (pages/help), whose request reaches the organisation's curator, who may reset the factor.
 *
 *   GET /r/<realm>/help/two-factor
 */
import type { FastifyInstance } from 'fastify';
import { html } from '../../core/html/html.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf } from '../../web/auth.js';
import { sendHtml } from '../../web/context.js';
import { realmPage } from '../../web/views/layout.js';

export const GUIDE_PATH = '/help/two-factor';

export function registerGuide(app: FastifyInstance, services: Services): void {
  app.get(GUIDE_PATH, async (request, reply) => {
    const realm = realmOf(request);
    const f = realmFrame(services, request, GUIDE_PATH);
    const { t } = f;
    const base = `/r/${realm.id}`;
    const product = realm.settings.productName;
    const bySignature = realm.settings.signature?.signin === true;
    const required = realm.settings.secondFactor.required;
    const first = t(
      bySignature && required.includes('password')
        ? 'mfa.guide.first_either'
        : bySignature
          ? 'mfa.guide.first_signature'
          : 'mfa.guide.first_password',
    );
    const body = html`<section class="card two-factor-guide">
  <h1>${t('mfa.title')}</h1>
  <p class="lead">${t('mfa.guide.lead', { product, first })}</p>
  ${required.length === 0 ? html`<p>${t('mfa.guide.optional', { product })}</p>` : ''}
  <h2>${t('mfa.guide.first_title')}</h2>
  <ol>
    <li>${t('mfa.guide.first_app')}</li>
    <li>${t(bySignature ? 'mfa.guide.first_signin_signature' : 'mfa.guide.first_signin_password')}</li>
    <li>${t('mfa.guide.first_scan')}</li>
    <li>${t('mfa.guide.first_code')}</li>
    <li>${t('mfa.guide.first_codes')}</li>
  </ol>
  <h2>${t('mfa.guide.next_title')}</h2>
  <p>${t('mfa.guide.next_text', { first })}</p>
  ${realm.settings.secondFactor.passkeySignin || required.length === 0 ? html`<p>${t('mfa.guide.passkey')}</p>` : ''}
  <h2>${t('mfa.guide.lost_title')}</h2>
  <p>${t('mfa.guide.lost_text')}</p>
  <h2>${t('mfa.guide.none_title')}</h2>
  <p>${t('mfa.guide.none_text')}</p>
  <p><a href="${base}/help?reason=lost_second_factor">${t('mfa.guide.none_link')}</a></p>
  <p class="back"><a href="${base}/login">${t('mfa.guide.back')}</a></p>
</section>`;
    return sendHtml(reply, 200, realmPage(f, t('mfa.title'), body, 'login'));
  });
}
