/**
 * `propusk audit …`: the audit viewer from the operator's terminal — the same operations as the
 * desk's «Журнал событий» (`audit-view/`), with the operator's scope: everything, or narrowed to
 * a realm, an organisation or a region.
 *
 *   propusk audit list   [--realm R [--org SLUG | --region CODE]] [--person ID] [--kind K,…]
 *                        [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N] [--before CURSOR]
 *   propusk audit export (the same filters) → CSV on standard output
 *   propusk audit region-admin --realm R --region CODE --login L
 *                        make a person the regional administrator of a region (audited)
 */
import { parseArgs } from 'node:util';
import { auditCsv } from '../audit-view/export.js';
import { parseAuditFilter } from '../audit-view/filter.js';
import { type AuditScope, auditPage, formatCursor, PAGE_MAX } from '../audit-view/query.js';
import { checkLogin } from '../core/identifiers/login.js';
import { addRegionAdministrator, findRegionByCode } from '../directory/regions.js';
import { translator } from '../messages.js';
import type { Services } from '../services.js';
import type { Output } from './invite-command.js';

export const AUDIT_USAGE = `  audit list|export [--realm R [--org SLUG | --region CODE]] [--person ID] [--kind K,…]
                    [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N] [--before CURSOR]
                                The audit log, newest first (export: CSV on standard output).
  audit region-admin --realm R --region CODE --login L
                                Let a person read the audit of every organisation of a region.`;

export class AuditCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditCommandError';
  }
}

const OPTIONS = {
  realm: { type: 'string' },
  org: { type: 'string' },
  region: { type: 'string' },
  person: { type: 'string' },
  kind: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  limit: { type: 'string' },
  before: { type: 'string' },
  login: { type: 'string' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true }>
>['values'];

async function scopeOf(services: Services, values: Values): Promise<AuditScope> {
  if (!values.realm) {
    if (values.org || values.region) throw new AuditCommandError('--org and --region need --realm');
    return { kind: 'all' };
  }
  const realm = await services.realms.find(values.realm);
  if (!realm) throw new AuditCommandError(`no realm ${values.realm}`);
  if (values.org && values.region) throw new AuditCommandError('give --org or --region, not both');
  if (values.org) {
    const org = await services.organisations.findBySlug(realm.id, values.org);
    if (!org) throw new AuditCommandError(`no organisation ${values.org} in ${realm.id}`);
    return { kind: 'organisation', realmId: realm.id, organisationId: org.id };
  }
  if (values.region) {
    const region = await findRegionByCode(services.db, realm.id, values.region);
    if (!region) throw new AuditCommandError(`no region ${values.region} in ${realm.id}`);
    return { kind: 'region', realmId: realm.id, regionId: region.id };
  }
  return { kind: 'realm', realmId: realm.id };
}

async function regionAdmin(services: Services, values: Values, out: Output): Promise<void> {
  const t = translator('ru');
  if (!values.realm || !values.region || !values.login)
    throw new AuditCommandError('--realm, --region and --login are required');
  const realm = await services.realms.find(values.realm);
  if (!realm) throw new AuditCommandError(`no realm ${values.realm}`);
  const region = await findRegionByCode(services.db, realm.id, values.region);
  if (!region) throw new AuditCommandError(`no region ${values.region} in ${realm.id}`);
  const login = checkLogin(values.login);
  if (!login.ok) throw new AuditCommandError(`--login: ${t(login.code)}`);
  const person = await services.people.findByLogin(realm.id, login.normalized);
  if (!person) throw new AuditCommandError(`no person with login ${values.login} in ${realm.id}`);
  await addRegionAdministrator(services.db, region.id, person.id, services.clock.now());
  await services.audit.append({
    realmId: realm.id,
    action: 'person.region_admin_granted',
    subjectId: person.id,
    detail: { region: region.code, via: 'cli' },
  });
  out.write(`${person.login}: regional administrator of ${region.code} ${region.name}\n`);
}

export async function auditCommand(
  services: Services,
  args: string[],
  out: Output = process.stdout,
): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true });
  if (action === 'region-admin') return regionAdmin(services, values, out);
  if (action !== 'list' && action !== 'export')
    throw new AuditCommandError(`unknown audit command ${action ?? ''}`);
  const t = translator('ru');
  const parsed = parseAuditFilter(values);
  if (!parsed.ok)
    throw new AuditCommandError(
      Object.entries(parsed.errors)
        .map(([field, key]) => `--${field}: ${t(key)}`)
        .join('\n'),
    );
  const scope = await scopeOf(services, values);
  if (action === 'export') {
    out.write((await auditCsv(services.db, scope, parsed.filter)).csv);
    return;
  }
  const limit = values.limit === undefined ? 50 : /^\d{1,4}$/.test(values.limit) ? Number(values.limit) : 0;
  if (limit < 1 || limit > PAGE_MAX) throw new AuditCommandError(`--limit must be 1..${PAGE_MAX}`);
  const page = await auditPage(services.db, scope, parsed.filter, { before: parsed.before, limit });
  for (const r of page.rows) {
    const who = (p: { name: string; login: string | null } | null) =>
      p ? `${p.name}${p.login ? ` (${p.login})` : ''}` : '-';
    const detail = Object.entries(r.detail)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    out.write(
      `${new Date(r.at).toISOString()}  ${r.action}  actor=${who(r.actor)}  subject=${who(r.subject)}  ip=${r.ip ?? '-'}  ${detail}\n`,
    );
  }
  if (page.rows.length === 0) out.write('No events.\n');
  if (page.next) out.write(`More: --before ${formatCursor(page.next)}\n`);
}
