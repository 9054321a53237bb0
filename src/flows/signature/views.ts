/**
 * The pages of article 004: «Вход в систему» with ЭЦП (the two consents, «Войти в систему»),
 * the password of the personal account, and the pieces the reset pages share with them: the
 * NCALayer status line the script fills, and the no-script explanation.
 */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { Translate } from '../../core/i18n/i18n.js';
import { csrfField, fieldError, notice, type RealmFrame, realmPage } from '../../web/views/layout.js';
import { GUIDE_PATH } from '../second-factor/guide.js';
import type { Signer } from './machine.js';

export interface Banner {
  readonly kind: 'error' | 'info' | 'success';
  readonly text: string;
}

/** The line the script writes to, with every text it may need (the page stays in its language). */
export function ncalayerStatus(t: Translate): SafeHtml {
  return html`<p id="signature-status" class="notice notice-error" role="alert" hidden
    data-no-ncalayer="${t('ecp.no_ncalayer')}" data-cancelled="${t('ecp.cancelled')}"
    data-connecting="${t('ecp.connecting')}" data-error="${t('ecp.ncalayer_error', { details: '{details}' })}"></p>
<noscript>${notice('warning', t('ecp.noscript'))}</noscript>`;
}

export function signingScript(): SafeHtml {
  return html`<script src="/assets/ncalayer.js" defer></script>`;
}

export interface SigninPageView {
  readonly frame: RealmFrame;
  readonly csrf: string;
  readonly ncalayerUrl: string;
  readonly consents: ReadonlySet<string>;
  readonly consentsMissing: boolean;
  readonly banner?: Banner;
}

export function signatureSigninPage(v: SigninPageView): SafeHtml {
  const { t, realm } = v.frame;
  const base = `/r/${realm.id}`;
  const consents = realm.settings.signinConsents.map(
    (
      c,
    ) => html`<label class="check"><input type="checkbox" name="consent_${c}" ${v.consents.has(c) ? 'checked' : ''}>
      <span>${t(c === 'personal_data' ? 'signin.consent_personal_data' : 'signin.consent_signature_liability')}</span></label>`,
  );
  return realmPage(
    v.frame,
    t('ecp.title'),
    html`<section class="card signin signature-signin">
  <h1>${t('ecp.title')}</h1>
  <p class="lead">${t('ecp.since')}</p>
  <p class="lead">${t('ecp.need_ncalayer')}</p>
  ${v.banner ? notice(v.banner.kind, v.banner.text) : ''}
  <form id="signature-form" method="post" action="${base}/signature/login" novalidate
    data-ncalayer="${v.ncalayerUrl}" data-challenge="${base}/signature/challenge" data-purpose="auth">
    ${csrfField(v.csrf)}
    <input type="hidden" name="flow" value="">
    <input type="hidden" name="cms" value="">
    ${consents.length > 0 ? html`<fieldset class="consents"><legend class="visually-hidden">${t('signin.consents_legend')}</legend>${consents}</fieldset>` : ''}
    <button type="submit" class="primary" data-sign>${t('ecp.submit')}</button>
    <p id="consents-warning" class="hint" ${v.consentsMissing || consents.length > 0 ? '' : 'hidden'}>${t('signin.consents_hint')}</p>
    ${ncalayerStatus(t)}
  </form>
  <p class="hint">${t('ecp.two_factor_note')} (<a href="${base}${GUIDE_PATH}">${t('ecp.two_factor_link')}</a>)</p>
</section>
${signingScript()}`,
    'login',
  );
}

function signedAs(t: Translate, signer: Signer): string {
  const name = signer.name ?? '';
  const iin = signer.iin ?? '';
  return signer.bin && signer.organisation
    ? t('ecp.signed_as_org', { name, iin, organisation: signer.organisation, bin: signer.bin })
    : t('ecp.signed_as', { name, iin });
}

export interface PasswordPageView {
  readonly frame: RealmFrame;
  readonly csrf: string;
  readonly flowId: string;
  readonly signer: Signer;
  readonly error?: string;
  readonly banner?: Banner;
}

export function passwordPage(v: PasswordPageView): SafeHtml {
  const { t, realm } = v.frame;
  const base = `/r/${realm.id}`;
  return realmPage(
    v.frame,
    t('ecp.title'),
    html`<section class="card signin signature-password">
  <h1>${t('ecp.title')}</h1>
  <p class="hint signed-as">${signedAs(t, v.signer)}</p>
  ${v.banner ? notice(v.banner.kind, v.banner.text) : ''}
  <form method="post" action="${base}/signature/password" novalidate>
    ${csrfField(v.csrf)}
    <input type="hidden" name="flow" value="${v.flowId}">
    <label for="password" class="visually-hidden">${t('ecp.password_label')}</label>
    <input id="password" name="password" type="password" autocomplete="current-password"
      placeholder="${t('ecp.password_placeholder')}" ${v.error ? html`aria-invalid="true" aria-describedby="password-error"` : ''}>
    ${fieldError('password', v.error)}
    <p class="forgot"><a href="${base}/signature/forgot?flow=${v.flowId}">${t('ecp.forgot')}</a></p>
    <button type="submit" class="primary">${t('ecp.password_submit')}</button>
  </form>
</section>`,
    'login',
  );
}
