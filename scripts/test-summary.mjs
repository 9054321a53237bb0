// What `npm test` says at the end, from what scripts/test-reporter.mjs saw: which backends the
// tests ran against and which were skipped and why, then Node's summary with skipped suites
// counted (Node counts only skipped tests). Kept apart from scripts/test.mjs so a test can
// check it.

/**
 * The backends besides SQLite (which always runs): how a run knows it is configured, and how a
 * skip reason names it. Suites that need one skip with a reason that names the missing setting
 * (test/support/databases.ts, the Redis suites, test/e2e/support.ts).
 */
export const BACKENDS = [
  { id: 'sqlite', label: 'SQLite', configured: () => true, skipReason: /$^/ },
  {
    id: 'postgres',
    label: 'PostgreSQL',
    configured: (env) => Boolean(env.TEST_DATABASE_URL),
    skipReason: /TEST_DATABASE_URL/,
  },
  {
    id: 'redis',
    label: 'Redis',
    configured: (env) => Boolean(env.TEST_REDIS_URL),
    skipReason: /TEST_REDIS_URL/,
  },
  {
    id: 'chromium',
    label: 'Chromium',
    configured: (_env, context) => context.chromiumPresent,
    skipReason: /Chromium not found/,
  },
];

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * @param {{ skips: { name: string, reason: string, suite: boolean }[], summary: Record<string, number> }} results
 * @param {Record<string, string | undefined>} env
 * @param {{ chromiumPresent: boolean, e2eSelected: boolean }} context
 * @returns {{ lines: string[], failed: boolean }}
 */
export function summarise(results, env, context) {
  const lines = ['ℹ backends:'];
  const required = (env.TEST_REQUIRE_BACKENDS ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = required.filter((id) => !BACKENDS.some((b) => b.id === id));
  const missing = [];
  for (const backend of BACKENDS) {
    const skipped = results.skips.filter((s) => backend.skipReason.test(s.reason));
    const suites = skipped.filter((s) => s.suite).length;
    const tests = skipped.length - suites;
    const configured = backend.configured(env, context);
    let state;
    if (skipped.length > 0) {
      const counts = [suites ? plural(suites, 'suite') : '', tests ? plural(tests, 'test') : ''].filter(
        Boolean,
      );
      state = `skipped (${counts.join(', ')}: ${skipped[0].reason})`;
    } else if (!configured) {
      state = 'not configured (no selected test needed it)';
    } else if (backend.id === 'chromium' && !context.e2eSelected) {
      state = 'not used by the selected tests';
    } else {
      state = 'ran';
    }
    lines.push(`ℹ   ${backend.label.padEnd(11)} ${state}`);
    if (required.includes(backend.id) && (skipped.length > 0 || !configured)) missing.push(backend.label);
  }
  for (const s of results.skips.filter((x) => !BACKENDS.some((b) => b.skipReason.test(x.reason)))) {
    lines.push(`ℹ   skipped on purpose: ${s.name} (${s.reason || 'no reason given'})`);
  }
  if (unknown.length > 0) lines.push(`✖ TEST_REQUIRE_BACKENDS names unknown backends: ${unknown.join(', ')}`);
  if (missing.length > 0) lines.push(`✖ required backends did not run: ${missing.join(', ')}`);
  // Node's summary, in Node's words and order, with skipped suites counted among the skipped.
  const skippedSuites = results.skips.filter((s) => s.suite).length;
  for (const key of ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo', 'duration_ms']) {
    const value = results.summary[key];
    if (value === undefined) continue;
    lines.push(`ℹ ${key} ${key === 'skipped' ? value + skippedSuites : value}`);
  }
  return { lines, failed: missing.length > 0 || unknown.length > 0 };
}
