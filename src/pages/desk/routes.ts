/**
 * The curator desk: where a school's administrator or curator sees the classes and people of
 * their organisation and hands out access — ElJur's invitation codes (article 003: the curator
 * prints «Родителям (6А)» / «Ученику (6А)» invitations and «может посмотреть логин и изменить
 * пароль любого пользователя») and Dnevnik's issued login and temporary password (articles
 * 000, 002: the administrator creates the profile; the first sign-in asks for «Новый пароль»).
 *
 *   GET  /desk                          the viewer's organisations
 *   GET  /desk/:orgSlug                 classes → students with their parents, staff, actions
 *   POST /desk/:orgSlug/print           issue codes (one person, or a class) → printable invitations
 *   GET  /desk/:orgSlug/print           nothing is issued by GET: back to the organisation
 *   GET  /desk/:orgSlug/people/new      «Создать профиль»
 *   POST /desk/:orgSlug/people/new      create it → printable login and temporary password, or 400
 *   POST /desk/:orgSlug/password        «Выдать временный пароль» → printable sheet
 *   GET  /desk/:orgSlug/audit[.csv]     «Журнал событий» (and /desk/region/:code/audit)
 *   GET  /desk/:orgSlug/people/:id      a person's card: corrections, detach (person.ts); /attach
 *   POST /desk/:orgSlug/people/:id/second-factor/reset   «Сбросить второй фактор» (factor-reset.ts)
 *   GET  /desk/:orgSlug/help[/:number]  «Заявки на восстановление доступа» and their actions (help.ts)
 *   GET  /desk/:orgSlug/import[/:id]    «Импорт списка»: upload, dry-run report, batches (import.ts)
 *
 * Each page or action is one module (`overview.ts`, `print.ts`, `create-profile.ts`,
 * `temporary-password.ts`); what they share — who may open the desk, the organisation of the
 * address, the refusal page — is `access.ts`.
 *
 * Rules:
 * - Registered inside the realm scope. Only admins and curators of an organisation of this realm
 *   open the desk (anyone else — support included — gets a localised 403), and only their own
 *   organisations exist here (any other slug is the same localised 404).
 *   Every person, class and code is looked up inside that organisation.
 * - Codes and passwords are issued by POST with CSRF only; the page that answers is the only
 *   place they are ever shown (responses are `no-store`), so it is a 200, not a redirect.
 * - Refusals: a malformed request is a 400, an action that does not fit the person (a code for a
 *   registered student, a password for a pending profile, a blocked account, oneself) a 409, a
 *   password of an administrator, curator or support member a 403.
 * - Every issue is audited (`invitation.*`, `credentials.*`), with the actor, IP and browser.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { registerDeskAudit } from './audit.js';
import { registerDeskCreateProfile } from './create-profile.js';
import { registerDeskFactorReset } from './factor-reset.js';
import { registerDeskHelp } from './help.js';
import { registerDeskImport } from './import.js';
import { registerDeskOverview } from './overview.js';
import { registerDeskPerson } from './person.js';
import { registerDeskPrint } from './print.js';
import { registerDeskTemporaryPassword } from './temporary-password.js';

export function registerDesk(app: FastifyInstance, services: Services): void {
  registerDeskOverview(app, services);
  registerDeskPrint(app, services);
  registerDeskCreateProfile(app, services);
  registerDeskTemporaryPassword(app, services);
  registerDeskAudit(app, services);
  registerDeskPerson(app, services);
  registerDeskFactorReset(app, services);
  registerDeskHelp(app, services);
  registerDeskImport(app, services);
}
