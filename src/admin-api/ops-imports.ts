/**
 * Roster imports through the API, by the rules of `import/roster-import.ts` (the desk's and
 * `propusk import roster`'s): the file (CSV text in the JSON body, up to the import's 5 MiB) is
 * checked first — a per-row report, and with `dryRun: false` the checked rows are kept for a
 * day under an id —, then imported batch by batch, each batch one transaction, in order, each
 * asked for once (asking again answers what was done). Audited there with `via: api`.
 */
import { z } from 'zod';
import { MAX_FILE_BYTES } from '../import/parse.js';
import {
  checkRosterFile,
  findImport,
  type ImportHead,
  importBatch,
  progressOf,
} from '../import/roster-import.js';
import type { Services } from '../services.js';
import { clientIp } from '../web/context.js';
import { ApiError } from './errors.js';
import { type ApiScope, defineOperation } from './operation.js';
import { idSchema, slugSchema } from './schemas.js';
import { organisationInScope } from './scope.js';

const progressSchema = z.strictObject({
  id: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  finished: z.boolean(),
  summary: z.strictObject({
    created: z.number().int(),
    attached: z.number().int(),
    unchanged: z.number().int(),
    skipped: z.number().int(),
    links: z.number().int(),
  }),
});

async function importInScope(services: Services, scope: ApiScope, id: string): Promise<ImportHead> {
  const owner = await services.db
    .selectFrom('roster_imports')
    .select('organisation_id')
    .where('id', '=', id)
    .where('realm_id', '=', scope.realm.id)
    .executeTakeFirst();
  if (!owner || (scope.organisation && scope.organisation.id !== owner.organisation_id))
    throw new ApiError('not_found');
  const head = await findImport(services, owner.organisation_id, id);
  if (!head) throw new ApiError('not_found');
  return head;
}

const progressOfHead = (head: ImportHead) => ({ id: head.id, ...progressOf(head) });

const checkImport = defineOperation({
  id: 'checkRosterImport',
  method: 'POST',
  path: '/imports',
  tag: 'imports',
  summary: 'Check a roster file (a report per row); unless dryRun, keep it for the import',
  bodyLimit: MAX_FILE_BYTES + 64 * 1024,
  body: z.strictObject({
    organisation: slugSchema,
    fileName: z.string().min(1).max(200),
    content: z.string().min(1).max(MAX_FILE_BYTES),
    createClasses: z.boolean().optional(),
    dryRun: z.boolean().optional(),
  }),
  status: 201,
  response: z.strictObject({
    id: z.string().nullable(),
    encoding: z.string(),
    delimiter: z.string(),
    ignoredColumns: z.array(z.string()),
    batches: z.number().int(),
    counts: z.strictObject({
      new: z.number().int(),
      attach: z.number().int(),
      exists: z.number().int(),
      error: z.number().int(),
    }),
    rows: z.array(
      z.strictObject({
        line: z.number().int(),
        name: z.string(),
        class: z.string(),
        role: z.string(),
        status: z.enum(['new', 'attach', 'exists', 'error']),
        problems: z.array(z.strictObject({ column: z.string().nullable(), message: z.string() })),
      }),
    ),
  }),
  async handler({ services, scope, body, request }) {
    const organisation = await organisationInScope(services, scope, body.organisation);
    const checked = await checkRosterFile(
      services,
      {
        realm: scope.realm,
        organisationId: organisation.id,
        createClasses: body.createClasses === true,
        fileName: body.fileName,
        actor: { actorId: null, ip: clientIp(request), via: 'api' },
        keep: body.dryRun !== true,
      },
      body.content,
    );
    if (checked.kind === 'file') {
      throw new ApiError('invalid_request', [{ path: 'body.content', message: checked.problem }]);
    }
    return {
      id: checked.id,
      encoding: checked.encoding,
      delimiter: checked.delimiter,
      ignoredColumns: [...checked.ignored],
      batches: checked.batches,
      counts: { ...checked.check.counts },
      rows: checked.check.reports.map((r) => ({
        line: r.line,
        name: r.name,
        class: r.className,
        role: r.role,
        status: r.status,
        problems: r.problems.map((p) => ({ column: p.column, message: request.t(p.key, p.params) })),
      })),
    };
  },
});

const importPath = z.strictObject({ id: idSchema });

const getImport = defineOperation({
  id: 'getRosterImport',
  method: 'GET',
  path: '/imports/{id}',
  tag: 'imports',
  summary: 'How far a kept import has got',
  params: importPath,
  response: progressSchema,
  async handler({ services, scope, params }) {
    return progressOfHead(await importInScope(services, scope, params.id));
  },
});

const runBatch = defineOperation({
  id: 'importRosterBatch',
  method: 'POST',
  path: '/imports/{id}/batches/{batch}',
  tag: 'imports',
  summary: 'Import one batch (500 rows, one transaction), in order; asked again, answers what was done',
  params: z.strictObject({ id: idSchema, batch: z.coerce.number().int().min(0).max(1000) }),
  response: progressSchema,
  errors: ['conflict'],
  async handler({ services, scope, params, request }) {
    const head = await importInScope(services, scope, params.id);
    const outcome = await importBatch(services, scope.realm, head, params.batch, {
      actorId: null,
      ip: clientIp(request),
      via: 'api',
    });
    if (outcome.kind === 'out_of_order')
      throw new ApiError('conflict', [], { reason: `batch ${head.batches_done}` });
    return { id: head.id, ...outcome.progress };
  },
});

export const IMPORT_OPERATIONS = [checkImport, getImport, runBatch];
