/**
 * Issue 8, item 3: tables that only grew. A simulated week of traffic (sign-ins, recovery
 * requests, letters) on a ManualClock with the janitor running every simulated hour: the row
 * counts of flows, sessions and the outbox stop growing with the days, on both databases. The
 * audit log is kept unless the operator set a retention, and then only what is older goes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect, sql } from 'kysely';
import { DIALECTS } from '../../test/support/databases.js';
import {
  Browser,
  csrfTokenOf,
  FAST_ARGON2,
  type Harness,
  startHarness,
  TEST_SECRET,
  testConfig,
} from '../../test/support/harness.js';
import { HOUR, ManualClock } from '../core/clock.js';
import { keyedHasher } from '../core/crypto/secrets.js';
import { flowEngine } from '../core/flows/flow-store.js';
import { type CleanupTask, createJanitor } from '../core/janitor/janitor.js';
import { projectRoot } from '../core/paths.js';
import { openDatabase } from '../db/connect.js';
import { migrateOrThrow } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { seedDemo } from '../demo/seed.js';
import { realmStore } from '../realms/realm-store.js';
import { createServices } from '../services.js';
import { pruneAudit, registerCoreTasks } from './tasks.js';

const DAY = 24 * HOUR;
/** Simulated traffic arrives every two hours: a sign-in and two recovery requests. */
const STEP_HOURS = 2;
const quiet = { info() {}, error() {} };

async function count(h: Harness, table: 'flows' | 'sessions' | 'outbox' | 'audit_events'): Promise<number> {
  const row = await h.services.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of DIALECTS) {
  describe(`8.3 the janitor on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      // Demo mode: letters are handed to the development transport, which accepts them at once
      // (the outbox tests cover SMTP; this one counts rows).
      h = await startHarness(dialect.name, {
        config: { DEMO: true, OUTBOX_SENT_RETENTION_DAYS: 1, FLOW_GRACE_HOURS: 24 },
      });
    });
    after(async () => {
      await h?.close();
    });

    let ip = 0;
    const browser = () =>
      new Browser(h.app, { 'x-forwarded-for': `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip++ & 255}` });

    async function signIn(): Promise<void> {
      const res = await browser().submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'ekaterinavolkov',
        password: 'Zvezda-4815',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    }

    async function askRecovery(login: string): Promise<void> {
      const b = browser();
      const page = await b.get('/r/dnevnik/recovery/password');
      assert.equal(page.statusCode, 200);
      const captchaId = /name="captcha_id" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const res = await b.post('/r/dnevnik/recovery/password', {
        _csrf: csrfTokenOf(page.body),
        captcha_id: captchaId,
        captcha: h.services.captcha.revealForTests?.(captchaId) ?? '',
        login,
      });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    }

    test('a week of traffic: flows, sessions and letters stay bounded while the audit log is kept', async (t) => {
      const perDay: { flows: number; sessions: number; outbox: number }[] = [];
      let requests = 0;
      for (let hour = STEP_HOURS; hour <= 7 * 24; hour += STEP_HOURS) {
        await signIn();
        await askRecovery('ekaterinavolkov'); // a flow, a job, a letter
        await askRecovery(`stranger${hour}`); // a flow, a job, no letter
        requests += 3;
        await h.services.worker.runOnce();
        h.clock.advance(STEP_HOURS * HOUR);
        await h.services.janitor.runOnce();
        if (hour % 24 === 0) {
          perDay.push({
            flows: await count(h, 'flows'),
            sessions: await count(h, 'sessions'),
            outbox: await count(h, 'outbox'),
          });
        }
      }
      t.diagnostic(`rows at the end of each day: ${JSON.stringify(perDay)}`);
      const [, , third] = perDay;
      const last = perDay.at(-1);
      assert.ok(third && last);
      for (const table of ['flows', 'sessions', 'outbox'] as const) {
        // Steady after the longest lifetime (a day of grace or retention): day 7 is day 3 again.
        assert.ok(
          last[table] <= third[table] * 1.25 + 2,
          `${table} grew with the days: ${perDay.map((d) => d[table]).join(' → ')}`,
        );
      }
      const createdFlows = (2 * 7 * 24) / STEP_HOURS;
      assert.ok(last.flows < createdFlows / 3, `flows ${last.flows} of ${createdFlows} created`);
      assert.ok(last.sessions <= 3, `sessions idle past an hour are gone: ${last.sessions}`);

      // Nothing is left that the rules say must go, and nothing went that must stay.
      const now = h.clock.now();
      const db = h.services.db;
      const staleFlow = await db
        .selectFrom('flows')
        .select('id')
        .where('expires_at', '<', now - DAY)
        .executeTakeFirst();
      assert.equal(staleFlow, undefined, 'no flow past its day of grace');
      const freshExpired = await db
        .selectFrom('flows')
        .select('id')
        .where('expires_at', '<', now)
        .where('expires_at', '>=', now - DAY + HOUR)
        .executeTakeFirst();
      assert.ok(freshExpired, 'flows expired less than a day ago are kept for their "expired" page');
      const oldLetter = await db
        .selectFrom('outbox')
        .select('id')
        .where('created_at', '<', now - DAY)
        .executeTakeFirst();
      assert.equal(oldLetter, undefined, 'no delivered letter past its retention');
      const audited = await count(h, 'audit_events');
      assert.ok(audited >= requests, `the audit log keeps every event: ${audited} for ${requests} requests`);
      const sent = await db.selectFrom('outbox').select('status').where('status', '!=', 'sent').execute();
      assert.deepEqual(sent, [], 'every letter went out');
    });

    test('the audit log is never pruned without AUDIT_RETENTION_DAYS, and refuses DELETE', async () => {
      assert.ok(!h.services.janitor.names().includes('audit_events'));
      const before = await count(h, 'audit_events');
      h.clock.advance(5 * 365 * DAY);
      await h.services.janitor.runOnce();
      assert.equal(await count(h, 'audit_events'), before);
      await assert.rejects(sql`delete from audit_events`.execute(h.services.db), /append-only/);
    });
  });

  describe(`8.3 audit retention on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('with AUDIT_RETENTION_DAYS only older events go, in batches, and DELETE stays refused otherwise', async () => {
      const h = await startHarness(dialect.name, { seed: false, config: { AUDIT_RETENTION_DAYS: 365 } });
      try {
        assert.ok(h.services.janitor.names().includes('audit_events'));
        for (let i = 0; i < 30; i++)
          await h.services.audit.append({ realmId: null, action: 'signin.failed' });
        h.clock.advance(400 * DAY);
        for (let i = 0; i < 5; i++) await h.services.audit.append({ realmId: null, action: 'signin.failed' });
        const small = createJanitor(h.clock, quiet, { batchSize: 7 });
        small.register('audit_events', pruneAudit(h.services, 365));
        const removed = await small.runOnce();
        assert.equal(removed.audit_events, 30, 'the 30 events older than a year, seven at a time');
        assert.equal(await count(h, 'audit_events'), 5, 'the recent ones are kept');
        const permits = await h.services.db.selectFrom('audit_prune_permits').selectAll().execute();
        assert.deepEqual(permits, [], 'no permit outlives its transaction');
        await assert.rejects(sql`delete from audit_events`.execute(h.services.db), /append-only/);
        await assert.rejects(sql`update audit_events set action = 'x'`.execute(h.services.db), /append-only/);
        // A permit only covers events before its time.
        await assert.rejects(
          h.services.db.transaction().execute(async (trx) => {
            await trx.insertInto('audit_prune_permits').values({ before_at: 0 }).execute();
            await trx.deleteFrom('audit_events').execute();
          }),
          /append-only/,
        );
        assert.equal(await count(h, 'audit_events'), 5);
      } finally {
        await h.close();
      }
    });

    test('a retention under a year is refused at start', () => {
      assert.throws(
        () => testConfig({ AUDIT_RETENTION_DAYS: 30 }),
        /AUDIT_RETENTION_DAYS: must be at least 365 days/,
      );
    });
  });

  describe(`8.3 the janitor's batches on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('expired sessions go in batches of the given size; a failing task does not stop the others', async () => {
      const h = await startHarness(dialect.name);
      try {
        const person = await h.services.people.findByLogin('dnevnik', 'ekaterinavolkov');
        assert.ok(person);
        for (let i = 0; i < 23; i++) {
          await h.services.sessions.create({
            realmId: 'dnevnik',
            personId: person.id,
            lifetimes: { idleMinutes: 60 * 24, absoluteHours: 1 },
            ip: null,
            userAgent: null,
            method: 'password',
          });
        }
        // The core task for expired sessions, watched: how many rows each of its calls removed.
        const core = new Map<string, CleanupTask>();
        registerCoreTasks(
          {
            register: (name, task) => {
              core.set(name, task);
            },
          },
          h.services,
        );
        const expired = core.get('sessions.expired');
        assert.ok(expired);
        const deleted: number[] = [];
        const janitor = createJanitor(h.clock, quiet, { batchSize: 5 });
        janitor.register('broken', async () => {
          throw new Error('this task is broken');
        });
        janitor.register('sessions', async (context) => {
          const n = await expired(context);
          deleted.push(n);
          return n;
        });
        h.clock.advance(2 * HOUR);
        const removed = await janitor.runOnce();
        assert.equal(removed.broken, 0);
        assert.equal(removed.sessions, 23);
        assert.deepEqual(deleted, [5, 5, 5, 5, 3], 'never more than a batch per statement');
        assert.equal((await h.services.sessions.listOf(person.id)).length, 0);
        assert.throws(() => janitor.register('sessions', async () => 0), /registered twice/);
      } finally {
        await h.close();
      }
    });

    test('an expired flow is kept for its day of grace, then removed', async () => {
      const h = await startHarness(dialect.name, { config: { FLOW_GRACE_HOURS: 24 } });
      try {
        const flows = await h.services.db.selectFrom('flows').select('id').execute();
        assert.equal(flows.length, 0);
        await h.services.db
          .insertInto('flows')
          .values({
            id: 'f'.repeat(22),
            realm_id: 'dnevnik',
            kind: 'recovery',
            state: 'link_sent',
            person_id: null,
            data: '{}',
            attempts: 0,
            browser_hash: null,
            expires_at: h.clock.now() + HOUR,
            created_at: h.clock.now(),
            updated_at: h.clock.now(),
          })
          .execute();
        h.clock.advance(2 * HOUR);
        await h.services.janitor.runOnce();
        assert.equal(
          (await h.services.db.selectFrom('flows').select('id').execute()).length,
          1,
          'within grace',
        );
        h.clock.advance(24 * HOUR);
        const removed = await h.services.janitor.runOnce();
        assert.equal(removed.flows, 1);
        assert.equal((await h.services.db.selectFrom('flows').select('id').execute()).length, 0);
      } finally {
        await h.close();
      }
    });
  });
}

describe('8.3 the janitor finds its rows by index (SQLite query plans)', () => {
  test('no task scans a whole table or sorts in a temporary tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'propusk-janitor-plan-'));
    const file = join(dir, 'plan.sqlite');
    try {
      const handle = await openDatabase(file);
      await migrateOrThrow(handle);
      await handle.close();
      const raw = new SQLite(file);
      const statements: CompiledQuery[] = [];
      const db = new Kysely<Database>({
        dialect: new SqliteDialect({ database: raw }),
        log: (event) => {
          if (event.level === 'query') statements.push(event.query);
        },
      });
      const clock = new ManualClock();
      const realms = realmStore(db, clock);
      await realms.create({ id: 'dnevnik', name: 'Дневник', preset: 'dnevnik' });
      const config = testConfig({ AUDIT_RETENTION_DAYS: 365 });
      const janitor = createJanitor(clock, quiet);
      registerCoreTasks(janitor, {
        db,
        realms,
        config,
        flows: flowEngine(db, clock, keyedHasher(TEST_SECRET)),
      });
      statements.length = 0;
      await janitor.runOnce();
      const selects = statements.filter((q) => /^\s*(select|delete)/i.test(q.sql));
      assert.ok(selects.length >= 6, `${selects.length} statements`);
      for (const q of selects) {
        if (/audit_events/.test(q.sql)) continue; // primary-key order, oldest first, only when set
        const plan = raw
          .prepare(`explain query plan ${q.sql}`)
          .all(...(q.parameters as unknown[]))
          .map((r) => String((r as { detail: string }).detail));
        for (const line of plan) {
          assert.ok(!/^SCAN \w+$/.test(line), `a full scan: ${line} in ${q.sql}`);
          assert.ok(!/TEMP B-TREE/.test(line), `a sort: ${line} in ${q.sql}`);
        }
      }
      await db.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('8.3 propusk janitor (cron)', () => {
  test('runs every task once and prints how many rows each removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'propusk-janitor-cli-'));
    try {
      const file = join(dir, 'cron.sqlite');
      const services = await createServices(testConfig({ DATABASE_URL: file }));
      await migrateOrThrow(services.handle);
      await seedDemo(services);
      await services.close();
      const res = spawnSync(
        process.execPath,
        [join(projectRoot(), 'dist', 'src', 'cli', 'main.js'), 'janitor'],
        {
          env: {
            PATH: process.env.PATH,
            DATABASE_URL: file,
            PROPUSK_SECRET: TEST_SECRET,
            BASE_URL: 'https://propusk.test',
            LOG_LEVEL: 'warn',
            ARGON2_MEMORY_KIB: String(FAST_ARGON2.ARGON2_MEMORY_KIB),
            ARGON2_ITERATIONS: String(FAST_ARGON2.ARGON2_ITERATIONS),
          },
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      assert.equal(res.status, 0, res.stderr);
      for (const task of ['flows', 'sessions.expired', 'sessions.idle', 'outbox.sent', 'outbox.dead']) {
        assert.match(res.stdout, new RegExp(`^${task.replace('.', '\\.')}: 0$`, 'm'));
      }
      assert.ok(!res.stdout.includes('audit_events'), 'the audit log is not a task by default');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
