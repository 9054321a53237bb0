/**
 * «Журнал событий» of the desk:
 *
 *   GET /desk/:orgSlug/audit[.csv]          an organisation's people (its admin or curator)
 *   GET /desk/region/:regionCode/audit[.csv] a region's organisations (its regional administrator)
 *
 * Query: `person`, `kind` (repeatable), `from`, `to` (YYYY-MM-DD), `before` (the cursor of an
 * older page). A malformed filter is the page again with the field's message and a 400; a person
 * outside the scope is a 400 too (the same message as a malformed one). The CSV is the whole
 * filter (up to EXPORT_MAX rows), cells neutralised against spreadsheet formulas.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditCsv } from '../../audit-view/export.js';
import { type AuditFilterField, parseAuditFilter } from '../../audit-view/filter.js';
import { type AuditScope, auditPage, type PersonRef, personInScope } from '../../audit-view/query.js';
import { extended } from '../../core/extended.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import type { Services } from '../../services.js';
import { sendHtml } from '../../web/context.js';
import { frameOf, openDesk, openOrganisation, refuse } from './access.js';
import { auditPageView } from './views/audit.js';
import { deskPath } from './views/common.js';

const PAGE = 50;

interface RawQuery {
  readonly person: string;
  readonly kind: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly before: string;
}

/** The query string as plain strings; a repeated single field is refused. */
function rawQuery(request: FastifyRequest): { raw: RawQuery; repeated: AuditFilterField | null } {
  const q = (request.query ?? {}) as Record<string, unknown>;
  let repeated: AuditFilterField | null = null;
  const one = (name: AuditFilterField): string => {
    const value = q[name];
    if (value === undefined) return '';
    if (typeof value !== 'string') {
      repeated = name;
      return '';
    }
    return value.slice(0, 100);
  };
  const kindValue = q.kind;
  const kind = (Array.isArray(kindValue) ? kindValue : kindValue === undefined ? [] : [kindValue])
    .filter((k): k is string => typeof k === 'string')
    .slice(0, 20)
    .map((k) => k.slice(0, 40));
  return {
    raw: { person: one('person'), kind, from: one('from'), to: one('to'), before: one('before') },
    repeated,
  };
}

async function personRef(services: Services, realmId: string, id: string): Promise<PersonRef | null> {
  const p = await services.people.findById(realmId, id);
  return p
    ? { id: p.id, name: [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' '), login: null }
    : null;
}

async function answer(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: AuditScope & { readonly realmId: string },
  view: { title: string; back: { href: string; label: string }; base: string },
  csv: boolean,
): Promise<FastifyReply> {
  const { raw, repeated } = rawQuery(request);
  const parsed = parseAuditFilter(raw);
  let errors: Partial<Record<AuditFilterField, MessageKey>> = parsed.ok ? {} : parsed.errors;
  if (repeated) errors = extended(errors, { [repeated]: 'form.repeated' });
  if (
    parsed.ok &&
    parsed.filter.personId &&
    !(await personInScope(services.db, scope, parsed.filter.personId))
  )
    errors = extended(errors, { person: 'audit.error.person' });
  const ok = parsed.ok && Object.keys(errors).length === 0;
  if (csv) {
    if (!ok || !parsed.ok)
      return refuse(services, request, reply, { status: 400, key: 'audit.error.cursor' }, 'desk');
    const file = await auditCsv(services.db, scope, parsed.filter);
    return reply
      .code(200)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit.csv"')
      .send(file.csv);
  }
  const result =
    ok && parsed.ok
      ? await auditPage(services.db, scope, parsed.filter, { before: parsed.before, limit: PAGE })
      : null;
  const person = raw.person && ok ? await personRef(services, scope.realmId, raw.person) : null;
  const page = auditPageView(
    extended(
      frameOf(services, request),
      extended(view, {
        raw,
        person,
        errors,
        result,
        paged: ok && raw.before !== '',
      }),
    ),
  );
  return sendHtml(reply, ok ? 200 : 400, page);
}

export function registerDeskAudit(app: FastifyInstance, services: Services): void {
  for (const csv of [false, true]) {
    app.get(`/desk/:orgSlug/audit${csv ? '.csv' : ''}`, async (request, reply) => {
      const desk = await openOrganisation(services, request, reply);
      if (!desk) return reply;
      const t = request.t;
      const base = deskPath(desk.realm, desk.organisation.slug, '/audit');
      return answer(
        services,
        request,
        reply,
        { kind: 'organisation', realmId: desk.realm.id, organisationId: desk.organisation.id },
        {
          title: `${t('audit.title')} — ${desk.organisation.name}`,
          back: { href: deskPath(desk.realm, desk.organisation.slug), label: t('desk.back_to_org') },
          base,
        },
        csv,
      );
    });

    app.get(`/desk/region/:regionCode/audit${csv ? '.csv' : ''}`, async (request, reply) => {
      const desk = await openDesk(services, request, reply);
      if (!desk) return reply;
      const { regionCode } = request.params as { regionCode: string };
      const region = desk.regions.find((r) => r.code === regionCode);
      if (!region)
        return refuse(services, request, reply, { status: 404, key: 'audit.region_not_found' }, 'desk');
      const t = request.t;
      return answer(
        services,
        request,
        reply,
        { kind: 'region', realmId: desk.realm.id, regionId: region.id },
        {
          title: t('audit.region_title', { region: region.name }),
          back: { href: deskPath(desk.realm), label: t('desk.back_to_desk') },
          base: `${deskPath(desk.realm)}/region/${encodeURIComponent(region.code)}/audit`,
        },
        csv,
      );
    });
  }
}
