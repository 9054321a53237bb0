/**
 * The «Двухфакторная аутентификация» and «Ключи доступа» sections of «Настройки»: the app's
 * state with its forms (turn on; new recovery codes; turn off with the password and a code), and
 * the person's passkeys (add with a name, remove with the password).
 */
import { formatUtc } from '../../core/clock.js';
import { html, type SafeHtml } from '../../core/html/html.js';
import type { Translate } from '../../core/i18n/i18n.js';
import type { Passkey } from '../../factors/passkeys.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import { csrfField } from '../../web/views/layout.js';

export interface FactorsView {
  readonly say: Translate;
  readonly realm: LoadedRealm;
  readonly csrf: string;
  readonly totpSince: number | null;
  readonly codesLeft: number;
  readonly passkeys: readonly Passkey[];
}

function totpSection(v: FactorsView, base: string): SafeHtml {
  const { say } = v;
  const required = v.realm.settings.secondFactor.required.length > 0;
  const codeField = (id: string) => html`<label for="${id}">${say('mfa.code')}</label>
      <input id="${id}" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12">`;
  const body =
    v.totpSince === null
      ? html`<p class="totp-state">${say('mfa.settings_off')}</p>
  <form method="post" action="${base}/settings/totp/start">${csrfField(v.csrf)}
    <button type="submit" class="primary">${say('mfa.settings_enable')}</button></form>`
      : html`<p class="totp-state">${say('mfa.settings_on', { date: formatUtc(v.totpSince) })}</p>
  <p class="codes-left">${say('mfa.settings_codes_left', { count: v.codesLeft })}</p>
  <details><summary>${say('mfa.settings_new_codes')}</summary>
    <form method="post" action="${base}/settings/totp/codes" class="new-codes">${csrfField(v.csrf)}
      ${codeField('new_codes_code')}
      <button type="submit">${say('mfa.settings_new_codes')}</button></form>
  </details>
  <details><summary>${say('mfa.settings_disable')}</summary>
    <form method="post" action="${base}/settings/totp/off" class="totp-off">${csrfField(v.csrf)}
      <p>${say('mfa.settings_disable_lead')}</p>
      <label for="off_password">${say('settings.current_password')}</label>
      <input id="off_password" name="current_password" type="password" autocomplete="current-password">
      ${codeField('off_code')}
      <button type="submit">${say('mfa.settings_disable')}</button></form>
  </details>`;
  return html`<section class="second-factor-settings" aria-labelledby="mfa-title">
  <h2 id="mfa-title">${say('mfa.settings_title')}</h2>
  ${required ? html`<p>${say('mfa.settings_required', { product: v.realm.settings.productName })}</p>` : ''}
  ${body}
</section>`;
}

function passkeyRow(v: FactorsView, base: string, p: Passkey): SafeHtml {
  const { say } = v;
  const used =
    p.lastUsedAt === null ? '' : `, ${say('mfa.passkey_last_used', { date: formatUtc(p.lastUsedAt) })}`;
  return html`<li class="passkey-item"><span class="passkey-name">${p.name}</span>
    <span class="hint">${say('mfa.passkey_created', { date: formatUtc(p.createdAt) })}${used}</span>
    <details><summary>${say('mfa.passkey_remove')}</summary>
      <form method="post" action="${base}/settings/passkeys/remove" class="passkey-remove">${csrfField(v.csrf)}
        <input type="hidden" name="passkey" value="${p.id}">
        <p>${say('mfa.passkey_remove_lead')}</p>
        <label for="pk_pw_${p.id}">${say('settings.current_password')}</label>
        <input id="pk_pw_${p.id}" name="current_password" type="password" autocomplete="current-password">
        <button type="submit">${say('mfa.passkey_remove')}</button></form>
    </details></li>`;
}

function passkeysSection(v: FactorsView, base: string): SafeHtml {
  const { say } = v;
  return html`<section class="passkeys-settings" aria-labelledby="passkeys-title">
  <h2 id="passkeys-title">${say('mfa.passkeys_title')}</h2>
  <p>${say('mfa.passkeys_lead')}</p>
  ${v.passkeys.length === 0 ? html`<p class="no-passkeys">${say('mfa.passkeys_none')}</p>` : html`<ul class="passkey-list">${v.passkeys.map((p) => passkeyRow(v, base, p))}</ul>`}
  <noscript><p>${say('mfa.passkey_needs_script')}</p></noscript>
  <div class="passkey-add" data-passkey-create="${base}/settings/passkeys/options" data-passkey-finish="${base}/settings/passkeys/add" hidden>
    <label for="passkey_name">${say('mfa.passkey_name')}</label>
    <input id="passkey_name" name="name" type="text" maxlength="60" autocomplete="off">
    <p class="hint">${say('mfa.passkey_name_hint')}</p>
    <input type="hidden" name="_csrf" value="${v.csrf}">
    <button type="button" class="passkey-button">${say('mfa.passkey_add')}</button>
    <p class="field-error passkey-error" role="alert" hidden>${say('mfa.passkey_failed')}</p>
  </div>
  <script src="/assets/passkey.js" defer></script>
</section>`;
}

export function factorsSections(v: FactorsView, base: string): SafeHtml {
  return html`${totpSection(v, base)}${passkeysSection(v, base)}`;
}
