/** The school-side pages an organisation's desk links to: the event log, the roster import, the access-help queue, attaching a profile. */
import { html, type SafeHtml } from '../../../core/html/html.js';
import type { Translate } from '../../../core/i18n/i18n.js';
import type { LoadedRealm } from '../../../realms/realm-store.js';
import { deskPath } from './common.js';

export function schoolLinks(t: Translate, realm: LoadedRealm, slug: string): SafeHtml {
  return html`<a class="audit-link" href="${deskPath(realm, slug, '/audit')}">${t('audit.link')}</a>
    <a class="attach-link" href="${deskPath(realm, slug, '/attach')}">${t('correction.attach')}</a>
    <a class="help-link" href="${deskPath(realm, slug, '/help')}">${t('help.queue_link')}</a>
    <a class="import-link" href="${deskPath(realm, slug, '/import')}">${t('import.link')}</a>`;
}
