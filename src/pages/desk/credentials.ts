/**
 * What follows an issued temporary password, whether for a new profile or a reset: the
 * `credentials.issued` and `credentials.printed` events (the answer is the printable sheet), and
 * the sheet itself — the only place the password is ever shown.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { extended } from '../../core/extended.js';
import type { Person } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { sendHtml } from '../../web/context.js';
import { actorOf, frameOf, type OrganisationDesk } from './access.js';
import { credentialsPage } from './views/sheets.js';

export interface IssuedCredentials {
  readonly kind: 'created' | 'reset';
  readonly person: Person;
  readonly forWhom: 'student' | 'parent' | 'staff';
  readonly className: string | null;
  readonly temporaryPassword: string;
  readonly sessionsEnded: number;
}

export async function auditCredentials(
  services: Services,
  request: FastifyRequest,
  desk: OrganisationDesk,
  issued: IssuedCredentials,
): Promise<void> {
  const { person, kind } = issued;
  const entry = {
    realmId: desk.realm.id,
    organisationId: desk.organisation.id,
    subjectId: person.id,
    ...actorOf(request, desk.signedIn),
  };
  await services.audit.append(
    extended(entry, {
      action: 'credentials.issued',
      detail: { login: person.login, kind, sessions_ended: issued.sessionsEnded, via: 'desk' },
    }),
  );
  await services.audit.append(
    extended(entry, { action: 'credentials.printed', detail: { kind, via: 'desk' } }),
  );
}

/** Audits the issue, then answers with the printable sheet. */
export async function sendCredentials(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  desk: OrganisationDesk,
  issued: IssuedCredentials,
): Promise<FastifyReply> {
  await auditCredentials(services, request, desk, issued);
  const { person } = issued;
  const page = credentialsPage(
    extended(frameOf(services, request), {
      organisation: desk.organisation,
      kind: issued.kind,
      person: { id: person.id, lastName: person.last_name, firstName: person.first_name },
      forWhom: issued.forWhom,
      className: issued.className,
      login: person.login,
      temporaryPassword: issued.temporaryPassword,
      sessionsEnded: issued.sessionsEnded,
      signinUrl: `${services.config.baseUrl}/r/${desk.realm.id}/login`,
    }),
  );
  return sendHtml(reply, 200, page);
}
