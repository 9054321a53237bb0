/**
 * «Импорт списка» (the roster import) in the desk:
 *
 *   GET  /desk/:orgSlug/import                  the upload form
 *   POST /desk/:orgSlug/import                  pasted text (no script) → the dry run → 303 to its report
 *   POST /desk/:orgSlug/import/upload?_csrf=…   the file's bytes (application/octet-stream, up to
 *                                               5 MiB; the script sends them) → the same
 *   GET  /desk/:orgSlug/import/:id              the report, «Импортировать» and its progress bar
 *   GET  /desk/:orgSlug/import/:id/report.csv   the report as CSV (formula cells neutralised)
 *   POST /desk/:orgSlug/import/:id/batch        import batch `n` (JSON progress: the script's bar)
 *   POST /desk/:orgSlug/import/:id/run          import every batch (no script) → 303 to the report
 *
 * Everything through `import/roster-import.ts`. A file that cannot be read is the form again
 * with its message and a 400; an unknown or expired import a 404; a batch out of order a 409.
 * The upload's CSRF token travels in its query (its body is the file); the raw body parser is
 * registered in this scope only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { extended } from '../../core/extended.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import { MAX_FILE_BYTES } from '../../import/parse.js';
import {
  checkRosterFile,
  findImport,
  importAll,
  importBatch,
  progressOf,
  reportCsv,
  storedCheck,
} from '../../import/roster-import.js';
import type { Services } from '../../services.js';
import { sendHtml } from '../../web/context.js';
import { formCheckbox, formText, parseForm } from '../../web/form.js';
import { actorOf, frameOf, type OrganisationDesk, openOrganisation, possibleId, refuse } from './access.js';
import { deskPath } from './views/common.js';
import { importFormPage, importReportPage } from './views/import.js';

const PasteForm = z.object({ csv: formText(60_000), create_classes: formCheckbox() });
const BatchForm = z.object({ n: formText(6) });

export function registerDeskImport(app: FastifyInstance, services: Services): void {
  const form = (
    request: FastifyRequest,
    reply: FastifyReply,
    desk: OrganisationDesk,
    status: number,
    error: MessageKey | null,
  ) =>
    sendHtml(
      reply,
      status,
      importFormPage(
        extended(frameOf(services, request), {
          csrf: reply.generateCsrf(),
          slug: desk.organisation.slug,
          error,
        }),
      ),
    );

  async function check(
    request: FastifyRequest,
    reply: FastifyReply,
    desk: OrganisationDesk,
    input: Uint8Array | string,
    fileName: string,
    createClasses: boolean,
  ): Promise<FastifyReply> {
    const checked = await checkRosterFile(
      services,
      {
        realm: desk.realm,
        organisationId: desk.organisation.id,
        createClasses,
        fileName,
        actor: extended(actorOf(request, desk.signedIn), { via: 'desk' }),
        keep: true,
      },
      input,
    );
    if (checked.kind === 'file') return form(request, reply, desk, 400, checked.problem);
    return reply.redirect(deskPath(desk.realm, desk.organisation.slug, `/import/${checked.id}`), 303);
  }

  async function openImport(request: FastifyRequest, reply: FastifyReply) {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return null;
    const { id } = request.params as { id: string };
    const head = possibleId(id) ? await findImport(services, desk.organisation.id, id) : null;
    if (!head) {
      refuse(services, request, reply, { status: 404, key: 'import.expired' }, 'organisation');
      return null;
    }
    return { desk, head };
  }

  app.get('/desk/:orgSlug/import', async (request, reply) => {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return reply;
    return form(request, reply, desk, 200, null);
  });

  app.post('/desk/:orgSlug/import', { preHandler: app.csrfProtection }, async (request, reply) => {
    const desk = await openOrganisation(services, request, reply);
    if (!desk) return reply;
    const parsed = parseForm(PasteForm, request.body);
    if (!parsed.ok) return form(request, reply, desk, 400, parsed.errors.csv ?? 'form.invalid');
    return check(request, reply, desk, parsed.form.csv, 'roster.csv', parsed.form.create_classes);
  });

  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES },
      (request, body, done) => {
        const q = (request.query ?? {}) as Record<string, unknown>;
        done(null, { _csrf: typeof q._csrf === 'string' ? q._csrf : '', bytes: body });
      },
    );
    scope.post(
      '/desk/:orgSlug/import/upload',
      { preHandler: app.csrfProtection, bodyLimit: MAX_FILE_BYTES },
      async (request, reply) => {
        const desk = await openOrganisation(services, request, reply);
        if (!desk) return reply;
        const q = (request.query ?? {}) as Record<string, unknown>;
        const name =
          typeof q.name === 'string'
            ? q.name.replace(/[^\p{L}\p{N} ._-]/gu, '').slice(0, 200) || 'roster.csv'
            : 'roster.csv';
        const bytes = (request.body as { bytes: Buffer }).bytes;
        return check(request, reply, desk, new Uint8Array(bytes), name, q.create_classes === '1');
      },
    );
  });

  app.get('/desk/:orgSlug/import/:id', async (request, reply) => {
    const opened = await openImport(request, reply);
    if (!opened) return reply;
    const stored = await storedCheck(services, opened.head.id);
    if (!stored)
      return refuse(services, request, reply, { status: 404, key: 'import.expired' }, 'organisation');
    const page = importReportPage(
      extended(frameOf(services, request), {
        csrf: reply.generateCsrf(),
        slug: opened.desk.organisation.slug,
        head: opened.head,
        stored,
        progress: progressOf(opened.head),
      }),
    );
    return sendHtml(reply, 200, page);
  });

  app.get('/desk/:orgSlug/import/:id/report.csv', async (request, reply) => {
    const opened = await openImport(request, reply);
    if (!opened) return reply;
    const stored = await storedCheck(services, opened.head.id);
    if (!stored)
      return refuse(services, request, reply, { status: 404, key: 'import.expired' }, 'organisation');
    return reply
      .code(200)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="report.csv"')
      .send(reportCsv(stored, request.t));
  });

  app.post('/desk/:orgSlug/import/:id/batch', { preHandler: app.csrfProtection }, async (request, reply) => {
    const opened = await openImport(request, reply);
    if (!opened) return reply;
    const parsed = parseForm(BatchForm, request.body);
    const n = parsed.ok && /^\d{1,5}$/.test(parsed.form.n) ? Number(parsed.form.n) : -1;
    if (n < 0) return reply.code(400).send({ error: request.t('form.invalid') });
    const outcome = await importBatch(
      services,
      opened.desk.realm,
      opened.head,
      n,
      extended(actorOf(request, opened.desk.signedIn), {
        via: 'desk',
      }),
    );
    if (outcome.kind === 'out_of_order') return reply.code(409).send({ error: request.t('import.expired') });
    const p = outcome.progress;
    return reply.code(200).send({ done: p.done, total: p.total, finished: p.finished, summary: p.summary });
  });

  app.post('/desk/:orgSlug/import/:id/run', { preHandler: app.csrfProtection }, async (request, reply) => {
    const opened = await openImport(request, reply);
    if (!opened) return reply;
    const { desk, head } = opened;
    await importAll(
      services,
      desk.realm,
      head.id,
      desk.organisation.id,
      extended(actorOf(request, desk.signedIn), {
        via: 'desk',
      }),
    );
    return reply.redirect(deskPath(desk.realm, desk.organisation.slug, `/import/${head.id}`), 303);
  });
}
