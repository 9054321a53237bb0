// Node's spec reporter, made honest about skips. Node counts a skipped test in its summary but
// not a skipped suite (a `describe` with `skip:`), and every suite that needs PostgreSQL, Redis
// or Chromium is skipped as a whole when that backend is missing: the summary said "skipped 0"
// while whole suites did not run. This reporter passes every event to the spec reporter except
// the final summary, and writes what it saw (each skip with its reason, and Node's summary
// counts) to the file named by TEST_RESULTS_FILE; scripts/test.mjs prints the backends and
// the summary from it, with skipped suites counted.
import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { spec } from 'node:test/reporters';

const SUMMARY = /^(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) (\S+)$/;

export default async function* honestSpec(source) {
  const skips = [];
  const summary = {};
  async function* withoutSummary() {
    for await (const event of source) {
      const data = event.data ?? {};
      if (event.type === 'test:diagnostic' && data.nesting === 0) {
        const m = SUMMARY.exec(String(data.message));
        if (m) {
          summary[m[1]] = Number(m[2]);
          continue;
        }
      }
      if (
        (event.type === 'test:pass' || event.type === 'test:fail') &&
        data.skip !== undefined &&
        data.skip !== false
      ) {
        skips.push({
          name: data.name,
          file: data.file ?? '',
          reason: typeof data.skip === 'string' ? data.skip : '',
          suite: data.details?.type === 'suite',
        });
      }
      yield event;
    }
  }
  const reporter = spec();
  Readable.from(withoutSummary()).pipe(reporter);
  for await (const chunk of reporter) yield chunk;
  const file = process.env.TEST_RESULTS_FILE;
  if (file) writeFileSync(file, JSON.stringify({ skips, summary }));
}
