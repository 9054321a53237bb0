/**
 * The pages the provider itself shows a person, in our frame and language: an error it cannot
 * send back to the application (unknown application, unregistered return address, an expired
 * sign-in), the «Выйти?» question of an application's logout, and «Вы вышли».
 */
import { html, type SafeHtml } from '../core/html/html.js';
import type { MessageKey } from '../core/i18n/i18n.js';
import { notice, type RealmFrame, realmPage } from '../web/views/layout.js';

/** The message a person reads for each error oidc-provider can show them. */
const ERROR_MESSAGES: Readonly<Record<string, MessageKey>> = {
  invalid_client: 'oidc.error.unknown_client',
  invalid_redirect_uri: 'oidc.error.redirect_uri',
  invalid_request: 'oidc.error.invalid_request',
  invalid_scope: 'oidc.error.invalid_request',
  unsupported_response_type: 'oidc.error.invalid_request',
  unauthorized_client: 'oidc.error.invalid_request',
  access_denied: 'oidc.error.access_denied',
  server_error: 'oidc.error.server',
};

export function errorMessageFor(error: string, description: string | undefined): MessageKey {
  if (
    error === 'invalid_request' &&
    description !== undefined &&
    /expired|not found|cookie/i.test(description)
  ) {
    return 'oidc.error.expired';
  }
  return ERROR_MESSAGES[error] ?? 'oidc.error.invalid_request';
}

export function providerErrorPage(
  f: RealmFrame,
  status: number,
  error: string,
  description?: string,
): SafeHtml {
  const { t } = f;
  return realmPage(
    f,
    t('oidc.error.title'),
    html`<section class="card oidc-error">
  <h1>${t('oidc.error.title')}</h1>
  <p class="error-message" data-status="${status}" data-error="${error}">${t(errorMessageFor(error, description))}</p>
  <p class="hint">${t('oidc.error.code', { code: error })}</p>
  <p><a href="/r/${f.realm.id}/login">${t('oidc.error.to_signin')}</a></p>
</section>`,
    'login',
  );
}

/**
 * «Выйти?»: an application asked to end the session. The form posts oidc-provider's own
 * anti-forgery value to its confirmation endpoint; «Да, выйти» ends the whole session, «Нет»
 * only signs the person out of that application.
 */
export function logoutQuestionPage(
  f: RealmFrame,
  clientName: string | null,
  form: { readonly action: string; readonly xsrf: string },
): SafeHtml {
  const { t } = f;
  const product = f.realm.settings.productName;
  return realmPage(
    f,
    t('oidc.logout.title', { product }),
    html`<section class="card oidc-logout">
  <h1>${t('oidc.logout.title', { product })}</h1>
  <p>${clientName ? t('oidc.logout.asked_by', { client: clientName }) : t('oidc.logout.asked')}</p>
  <form id="op.logoutForm" method="post" action="${form.action}"><input type="hidden" name="xsrf" value="${form.xsrf}"></form>
  <div class="actions">
    <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout" class="primary">${t('oidc.logout.yes')}</button>
    <button type="submit" form="op.logoutForm">${t('oidc.logout.no')}</button>
  </div>
</section>`,
    'login',
  );
}

export function loggedOutPage(f: RealmFrame, clientName: string | null): SafeHtml {
  const { t } = f;
  return realmPage(
    f,
    t('oidc.logout.done_title'),
    html`<section class="card oidc-logged-out">
  <h1>${t('oidc.logout.done_title')}</h1>
  ${notice('success', clientName ? t('oidc.logout.done_client', { client: clientName }) : t('oidc.logout.done'))}
  <p><a href="/r/${f.realm.id}/login">${t('oidc.logout.sign_in_again')}</a></p>
</section>`,
    'login',
  );
}
