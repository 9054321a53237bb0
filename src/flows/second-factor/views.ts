/**
 * The pages of the sign-in's second step: the code (from the app, or a recovery code, or a
 * passkey), the enrolment a realm requires (QR code, manual key, first code), the recovery codes
 * shown once, the consents in their new version, and the page of a step that is over.
 * Shared pieces (the QR block, the codes list) are used by «Настройки» too.
 */
import { html, type SafeHtml } from '../../core/html/html.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import {
  csrfField,
  fieldError,
  invalidAttrs,
  notice,
  type RealmFrame,
  realmPage,
} from '../../web/views/layout.js';

export interface Banner {
  readonly kind: 'error' | 'info' | 'success';
  readonly text: string;
}

export interface CodeView extends RealmFrame {
  readonly csrf: string;
  readonly action: string;
  readonly mode: 'totp' | 'recovery';
  /** Whether the person has an authenticator app (else only a passkey or recovery codes). */
  readonly hasApp: boolean;
  /** Whether unused recovery codes exist (they come with the app). */
  readonly hasCodes: boolean;
  /** The passkey button's options endpoint, when the person has passkeys. */
  readonly passkeyOptions: string | null;
  readonly error?: string;
  readonly banner?: Banner;
  readonly stepPath: string;
}

/** The code field, its label and its error. */
function codeField(v: { error?: string }, id: string, label: string, recovery: boolean): SafeHtml {
  return html`<label for="${id}">${label}</label>
    <input id="${id}" name="code" type="text" ${recovery ? html`autocomplete="off" maxlength="32"` : html`inputmode="numeric" autocomplete="one-time-code" maxlength="12" pattern="[0-9 ]*"`}
      autocapitalize="none" spellcheck="false" ${invalidAttrs(id, v.error !== undefined)}>
    ${fieldError(id, v.error)}`;
}

/** The passkey button and the script that drives it (`public/passkey.js`); nothing without it. */
export function passkeyButton(
  t: RealmFrame['t'],
  csrf: string,
  action: string,
  label: MessageKey,
  extra: SafeHtml = html``,
): SafeHtml {
  return html`<div class="passkey" data-passkey-get="${action}" hidden>
    ${extra}
    <input type="hidden" name="_csrf" value="${csrf}">
    <button type="button" class="passkey-button">${t(label)}</button>
    <p class="field-error passkey-error" role="alert" hidden>${t('mfa.passkey_failed')}</p>
  </div>
  <script src="/assets/passkey.js" defer></script>`;
}

export function codePage(v: CodeView): SafeHtml {
  const { t } = v;
  const recovery = v.mode === 'recovery';
  const switchLink = recovery
    ? v.hasApp
      ? html`<p><a href="${v.stepPath}">${t('mfa.use_app')}</a></p>`
      : ''
    : v.hasCodes
      ? html`<p><a href="${v.stepPath}?use=recovery">${t('mfa.use_recovery')}</a></p>`
      : '';
  const showForm = v.hasApp || (recovery && v.hasCodes);
  return realmPage(
    v,
    t('mfa.title'),
    html`<section class="card second-factor">
  <h1>${t('mfa.title')}</h1>
  ${v.banner ? notice(v.banner.kind, v.banner.text) : ''}
  ${
    showForm
      ? html`<p class="lead">${t(recovery ? 'mfa.recovery_lead' : 'mfa.code_lead')}</p>
  <form method="post" action="${v.action}" novalidate>
    ${csrfField(v.csrf)}
    <input type="hidden" name="kind" value="${v.mode}">
    ${codeField(v, 'code', t(recovery ? 'mfa.recovery_code' : 'mfa.code'), recovery)}
    <button type="submit" class="primary">${t('mfa.submit')}</button>
  </form>`
      : ''
  }
  ${v.passkeyOptions ? passkeyButton(t, v.csrf, v.passkeyOptions, 'mfa.use_passkey', html`<p>${t('mfa.passkey_lead')}</p>`) : ''}
  ${switchLink}
</section>`,
    'login',
  );
}

export interface EnrolBlock {
  /** `data:image/png;base64,…` of the otpauth URI. */
  readonly qr: string;
  /** The base32 key, grouped by four for reading. */
  readonly key: string;
}

/** The QR code, the manual key and the first code's field. */
export function enrolForm(
  v: RealmFrame & { readonly csrf: string; readonly action: string; readonly error?: string },
  block: EnrolBlock,
): SafeHtml {
  const { t } = v;
  return html`<ol class="enrol-steps">
    <li>${t('mfa.enrol_step_app')}</li>
    <li>${t('mfa.enrol_step_scan')}<br><img class="totp-qr" src="${block.qr}" width="200" height="200" alt="${t('mfa.enrol_qr_alt')}">
      <p>${t('mfa.enrol_manual')} <code class="totp-key">${block.key}</code></p></li>
    <li>${t('mfa.enrol_step_code')}</li>
  </ol>
  <form method="post" action="${v.action}" novalidate>
    ${csrfField(v.csrf)}
    ${codeField(v, 'code', t('mfa.code'), false)}
    <button type="submit" class="primary">${t('mfa.submit')}</button>
  </form>`;
}

export function enrolPage(
  v: RealmFrame & {
    readonly csrf: string;
    readonly action: string;
    readonly error?: string;
    readonly banner?: Banner;
  },
  block: EnrolBlock,
): SafeHtml {
  const { t } = v;
  return realmPage(
    v,
    t('mfa.enrol_title'),
    html`<section class="card second-factor enrol">
  <h1>${t('mfa.enrol_title')}</h1>
  ${v.banner ? notice(v.banner.kind, v.banner.text) : ''}
  <p class="lead">${t('mfa.enrol_required', { product: v.realm.settings.productName })}</p>
  ${enrolForm(v, block)}
</section>`,
    'login',
  );
}

/** The ten codes, shown once. */
export function codesList(t: RealmFrame['t'], codes: readonly string[]): SafeHtml {
  return html`<p>${t('mfa.codes_lead')}</p>
  <ol class="recovery-codes">${codes.map((c) => html`<li><code>${c}</code></li>`)}</ol>`;
}

export function codesPage(
  v: RealmFrame & { readonly codes: readonly string[]; readonly next: string },
): SafeHtml {
  const { t } = v;
  return realmPage(
    v,
    t('mfa.codes_title'),
    html`<section class="card recovery-codes-page">
  <h1>${t('mfa.codes_title')}</h1>
  ${notice('success', t('mfa.settings_enabled'))}
  ${codesList(t, v.codes)}
  <p><a class="button primary" href="${v.next}">${t('mfa.codes_continue')}</a></p>
</section>`,
  );
}

export function consentsPage(
  v: RealmFrame & { readonly csrf: string; readonly action: string; readonly error?: string },
): SafeHtml {
  const { t } = v;
  const text = (c: string): string =>
    t(c === 'personal_data' ? 'signin.consent_personal_data' : 'signin.consent_signature_liability');
  return realmPage(
    v,
    t('mfa.consents_title'),
    html`<section class="card consents-step">
  <h1>${t('mfa.consents_title')}</h1>
  <p class="lead">${t('mfa.consents_lead')}</p>
  <form method="post" action="${v.action}" novalidate>
    ${csrfField(v.csrf)}
    <fieldset class="consents" ${invalidAttrs('consents', v.error !== undefined)}>
      <legend class="visually-hidden">${t('signin.consents_legend')}</legend>
      ${v.realm.settings.signinConsents.map(
        (c) =>
          html`<label class="check"><input type="checkbox" name="consent_${c}"> <span>${text(c)}</span></label>`,
      )}
      ${fieldError('consents', v.error)}
    </fieldset>
    <button type="submit" class="primary">${t('mfa.consents_continue')}</button>
  </form>
</section>`,
    'login',
  );
}

/** A step that is over (expired, locked, unknown): the way back to the sign-in page. */
export function stepOverPage(v: RealmFrame & { readonly message: string }): SafeHtml {
  const { t } = v;
  return realmPage(
    v,
    t('mfa.title'),
    html`<section class="card second-factor-over">
  <h1>${t('mfa.title')}</h1>
  ${notice('error', v.message)}
  <p><a href="/r/${v.realm.id}/login">${t('mfa.to_signin')}</a></p>
</section>`,
    'login',
  );
}
