/**
 * `propusk import roster --realm R --org SLUG file.csv [--dry-run] [--create-classes]
 * [--report report.csv]`: the roster import from the operator's terminal, by the same operations
 * as the desk (`import/`). The dry run prints the report and writes nothing; otherwise the file
 * is checked, then imported batch by batch, and the counts are printed.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_FILE_BYTES } from '../import/parse.js';
import { checkRosterFile, importAll, reportCsv } from '../import/roster-import.js';
import { translator } from '../messages.js';
import type { Services } from '../services.js';
import type { Output } from './invite-command.js';

export const IMPORT_USAGE = `  import roster --realm R --org SLUG FILE.csv [--dry-run] [--create-classes] [--report OUT.csv]
                                Import a roster (CSV, UTF-8 or Windows-1251); --dry-run only checks.`;

export class ImportCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportCommandError';
  }
}

export async function importCommand(
  services: Services,
  args: string[],
  out: Output = process.stdout,
): Promise<void> {
  const [what, ...rest] = args;
  if (what !== 'roster') throw new ImportCommandError(`unknown import command ${what ?? ''}`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      realm: { type: 'string' },
      org: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'create-classes': { type: 'boolean' },
      report: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const t = translator('ru');
  if (!values.realm || !values.org) throw new ImportCommandError('--realm and --org are required');
  const [file] = positionals;
  if (!file || positionals.length !== 1) throw new ImportCommandError('give exactly one CSV file');
  const realm = await services.realms.find(values.realm);
  if (!realm) throw new ImportCommandError(`no realm ${values.realm}`);
  const org = await services.organisations.findBySlug(realm.id, values.org);
  if (!org) throw new ImportCommandError(`no organisation ${values.org} in ${realm.id}`);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new ImportCommandError(`cannot read ${file}`);
  }
  if (size > MAX_FILE_BYTES) throw new ImportCommandError(t('import.file.too_big'));
  const actor = { actorId: null, ip: null, via: 'cli' as const };
  const dryRun = values['dry-run'] === true;
  const started = performance.now();
  const checked = await checkRosterFile(
    services,
    {
      realm,
      organisationId: org.id,
      createClasses: values['create-classes'] === true,
      fileName: basename(file),
      actor,
      keep: !dryRun,
    },
    new Uint8Array(readFileSync(file)),
  );
  if (checked.kind === 'file') throw new ImportCommandError(t(checked.problem));
  const { check } = checked;
  for (const r of check.reports) {
    if (r.status !== 'error') continue;
    out.write(`line ${r.line}: ${r.name || '-'}: ${r.problems.map((p) => t(p.key, p.params)).join('; ')}\n`);
  }
  out.write(
    `${t('import.summary', {
      total: check.reports.length,
      new: check.counts.new,
      attach: check.counts.attach,
      exists: check.counts.exists,
      errors: check.counts.error,
    })}\n`,
  );
  if (values.report) writeFileSync(values.report, reportCsv(check, t));
  if (dryRun || checked.id === null) return;
  const progress = await importAll(services, realm, checked.id, org.id, actor);
  if (!progress) throw new ImportCommandError(t('import.expired'));
  const s = progress.summary;
  out.write(
    `${t('import.done', { created: s.created, attached: s.attached, unchanged: s.unchanged, links: s.links })}\n`,
  );
  out.write(`${Math.round(performance.now() - started)} ms\n`);
}
