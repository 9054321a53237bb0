/**
 * The flow engine on both dialects: declared moves only, a version compared on every write,
 * guesses counted in SQL before the check (N racing guesses spend N attempts), and the loading
 * checks (other realm, other browser, other person, wrong secret, ended, expired, elsewhere).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, type FreshDatabase, freshDatabase } from '../../../test/support/databases.js';
import { migrateOrThrow } from '../../db/migrate.js';
import { writeBatch } from '../../db/write-batch.js';
import { peopleStore } from '../../directory/people-store.js';
import { realmStore } from '../../realms/realm-store.js';
import { ManualClock, MINUTE } from '../clock.js';
import { keyedHasher } from '../crypto/secrets.js';
import { type FlowEngine, flowEngine } from './flow-store.js';
import { defineFlow } from './machine.js';

type CodeState = 'code_sent' | 'confirmed' | 'locked' | 'superseded';
interface CodeData extends Record<string, string | number | boolean | null> {
  readonly codeHash: string;
  readonly resends: number;
}

const machine = defineFlow<CodeState, CodeData>({
  kind: 'test-code',
  transitions: {
    code_sent: ['code_sent', 'confirmed', 'locked', 'superseded'],
    confirmed: [],
    locked: [],
    superseded: [],
  },
  ended: ['confirmed', 'locked', 'superseded'],
  attempts: { code_sent: 5 },
});

const keyed = keyedHasher('flow-engine-test-secret-0123456789abcdef');

for (const dialect of DIALECTS) {
  describe(`flow engine on ${dialect.name}`, { skip: dialect.skip }, () => {
    let fresh: FreshDatabase;
    let engine: FlowEngine;
    const clock = new ManualClock();

    before(async () => {
      fresh = await freshDatabase(dialect.name);
      await migrateOrThrow(fresh.handle);
      const realms = realmStore(fresh.handle.db, clock);
      await realms.create({ id: 'one', name: 'One', preset: 'eljur' });
      await realms.create({ id: 'two', name: 'Two', preset: 'eljur' });
      engine = flowEngine(fresh.handle.db, clock, keyed);
    });
    after(async () => fresh.drop());

    const start = (extra: { browserToken?: string; ttlMs?: number } = {}) =>
      engine.start(fresh.handle.db, machine, {
        realmId: 'one',
        state: 'code_sent',
        personId: null,
        data: { codeHash: keyed.hash('sms-code', '123456'), resends: 0 },
        ttlMs: extra.ttlMs ?? 10 * MINUTE,
        ...(extra.browserToken ? { browserToken: extra.browserToken } : {}),
      });

    test('toStart: the flow exists once its write batch commits, exactly as returned; a failed batch leaves none', async () => {
      const input = {
        realmId: 'one',
        state: 'code_sent' as const,
        personId: null,
        data: { codeHash: keyed.hash('sms-code', '654321'), resends: 0 },
        ttlMs: 10 * MINUTE,
      };
      const { flow, write } = engine.toStart(machine, input);
      assert.equal((await engine.load(machine, 'one', flow.id)).kind, 'missing', 'nothing before the batch');
      assert.deepEqual(await writeBatch(fresh.handle.db)([write]), [1]);
      const loaded = await engine.load(machine, 'one', flow.id);
      assert.equal(loaded.kind, 'live');
      if (loaded.kind === 'live') assert.deepEqual(loaded.flow, flow);
      // Two writes as one: the second fails (the same id twice), so the first is not kept either.
      const twice = engine.toStart(machine, input);
      await assert.rejects(writeBatch(fresh.handle.db)([twice.write, twice.write]));
      assert.equal((await engine.load(machine, 'one', twice.flow.id)).kind, 'missing');
      assert.throws(
        () => engine.toStart(machine, { ...input, state: 'nowhere' as 'code_sent' }),
        /unknown state/,
      );
    });

    test('two moves from one snapshot: exactly one wins', async () => {
      const flow = await start();
      const results = await Promise.all([
        engine.move(fresh.handle.db, machine, flow, 'code_sent', { data: { resends: 1 } }),
        engine.move(fresh.handle.db, machine, flow, 'code_sent', { data: { resends: 1 } }),
      ]);
      assert.deepEqual(results.sort(), [false, true]);
      const loaded = await engine.load(machine, 'one', flow.id);
      assert.equal(loaded.kind, 'live');
      if (loaded.kind === 'live') {
        assert.equal(loaded.flow.version, 1);
        assert.equal(loaded.flow.data.resends, 1);
      }
    });

    test('an update from a stale snapshot is refused', async () => {
      const flow = await start();
      assert.equal(await engine.update(fresh.handle.db, flow, { data: { resends: 2 } }), true);
      assert.equal(await engine.update(fresh.handle.db, flow, { data: { resends: 3 } }), false);
    });

    test('a move the machine does not declare is a programming error', async () => {
      const flow = await start();
      assert.equal(await engine.move(fresh.handle.db, machine, flow, 'confirmed'), true);
      const done = await engine.load(machine, 'one', flow.id);
      assert.equal(done.kind, 'ended');
      if (done.kind === 'ended') {
        await assert.rejects(engine.move(fresh.handle.db, machine, done.flow, 'code_sent'), /not declared/);
      }
    });

    test('N racing guesses spend N attempts, and none past the limit', async () => {
      const flow = await start();
      // Twelve guesses from one snapshot, all at once: five are counted, seven find the limit.
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, () => engine.spendAttempt(fresh.handle.db, machine, flow)),
      );
      const counted = outcomes.filter((o) => o.kind === 'counted');
      assert.equal(counted.length, 5);
      assert.deepEqual(counted.map((o) => (o.kind === 'counted' ? o.attempt : 0)).sort(), [1, 2, 3, 4, 5]);
      assert.equal(outcomes.filter((o) => o.kind === 'exhausted').length, 7);
      const loaded = await engine.load(machine, 'one', flow.id);
      assert.ok(loaded.kind === 'live');
      assert.equal(loaded.flow.attempts, 5);
    });

    test('three racing guesses spend three attempts (no guess is lost to the race)', async () => {
      const flow = await start();
      await Promise.all([0, 1, 2].map(() => engine.spendAttempt(fresh.handle.db, machine, flow)));
      const loaded = await engine.load(machine, 'one', flow.id);
      assert.ok(loaded.kind === 'live');
      assert.equal(loaded.flow.attempts, 3);
      // Spending does not bump the version: a right guess racing wrong ones still moves the flow.
      assert.equal(await engine.move(fresh.handle.db, machine, flow, 'confirmed'), true);
    });

    test("a resend (a move to the same state) keeps the state's count of guesses", async () => {
      const flow = await start();
      await engine.spendAttempt(fresh.handle.db, machine, flow);
      assert.equal(
        await engine.move(fresh.handle.db, machine, flow, 'code_sent', { data: { resends: 1 } }),
        true,
      );
      const loaded = await engine.load(machine, 'one', flow.id);
      assert.ok(loaded.kind === 'live');
      // A self-move keeps the state's counter: a resend does not refill the guesses.
      assert.equal(loaded.flow.attempts, 1);
    });

    test('an expired flow counts no guess', async () => {
      const flow = await start({ ttlMs: MINUTE });
      clock.advance(2 * MINUTE);
      assert.deepEqual(await engine.spendAttempt(fresh.handle.db, machine, flow), { kind: 'exhausted' });
      assert.equal((await engine.load(machine, 'one', flow.id)).kind, 'expired');
    });

    test('end reaches an ended state whatever the version; an ended flow stays ended', async () => {
      const flow = await start();
      await engine.update(fresh.handle.db, flow, { data: { resends: 1 } });
      assert.equal(await engine.end(fresh.handle.db, machine, flow, 'locked'), true);
      assert.equal(await engine.end(fresh.handle.db, machine, flow, 'superseded'), false);
      const loaded = await engine.load(machine, 'one', flow.id);
      assert.equal(loaded.kind, 'ended');
      if (loaded.kind === 'ended') assert.equal(loaded.flow.state, 'locked');
    });

    test('other realm, other browser, other person and a wrong secret all look like an unknown id', async () => {
      const bound = await start({ browserToken: 'a'.repeat(43) });
      assert.equal((await engine.load(machine, 'two', bound.id)).kind, 'missing');
      assert.equal((await engine.load(machine, 'one', bound.id)).kind, 'missing');
      assert.equal(
        (await engine.load(machine, 'one', bound.id, { browserToken: 'b'.repeat(43) })).kind,
        'missing',
      );
      assert.equal(
        (await engine.load(machine, 'one', bound.id, { browserToken: 'a'.repeat(43) })).kind,
        'live',
      );
      const unbound = await start();
      assert.equal(
        (await engine.load(machine, 'one', unbound.id, { browserToken: 'a'.repeat(43) })).kind,
        'missing',
      );
      assert.equal((await engine.load(machine, 'one', unbound.id, { personId: 'somebody' })).kind, 'missing');
      const secret = { purpose: 'sms-code' as const, field: 'codeHash' as const };
      assert.equal(
        (await engine.load(machine, 'one', unbound.id, { secret: { ...secret, value: '000000' } })).kind,
        'missing',
      );
      assert.equal(
        (await engine.load(machine, 'one', unbound.id, { secret: { ...secret, value: '123456' } })).kind,
        'live',
      );
      assert.equal((await engine.load(machine, 'one', 'not-an-id')).kind, 'missing');
      assert.equal((await engine.load(machine, 'one', 'x'.repeat(22))).kind, 'missing');
    });

    test("a link's secret opens a browser-bound flow in any browser; a token still has to match", async () => {
      const bound = await start({ browserToken: 'c'.repeat(43) });
      const secret = { purpose: 'sms-code' as const, field: 'codeHash' as const };
      assert.equal(
        (await engine.load(machine, 'one', bound.id, { secret: { ...secret, value: '123456' } })).kind,
        'live',
      );
      assert.equal(
        (await engine.load(machine, 'one', bound.id, { secret: { ...secret, value: '654321' } })).kind,
        'missing',
      );
      assert.equal(
        (
          await engine.load(machine, 'one', bound.id, {
            secret: { ...secret, value: '123456' },
            browserToken: 'd'.repeat(43),
          })
        ).kind,
        'missing',
      );
    });

    test('a state the step does not take is elsewhere', async () => {
      const flow = await start();
      assert.equal((await engine.load(machine, 'one', flow.id, { states: ['code_sent'] })).kind, 'live');
      const other = defineFlow<'a' | 'b', CodeData>({
        kind: 'test-code',
        transitions: { a: ['b'], b: [] },
        ended: [],
      });
      const seen = await engine.load(other, 'one', flow.id, { states: ['a'] });
      assert.equal(seen.kind, 'elsewhere');
    });

    test('endAllOf supersedes every open flow of the person but one', async () => {
      const person = await peopleStore(fresh.handle.db, clock).create({
        realmId: 'one',
        login: 'flowtest',
        loginNormalized: 'flowtest',
        lastName: 'Тестов',
        firstName: 'Тест',
      });
      const mk = () =>
        engine.start(fresh.handle.db, machine, {
          realmId: 'one',
          state: 'code_sent',
          personId: person.id,
          data: { codeHash: 'x', resends: 0 },
          ttlMs: MINUTE,
        });
      const [a, b, c] = [await mk(), await mk(), await mk()];
      assert.equal(await engine.endAllOf(fresh.handle.db, machine, person.id, 'superseded', c.id), 2);
      assert.equal((await engine.load(machine, 'one', a.id)).kind, 'ended');
      assert.equal((await engine.load(machine, 'one', b.id)).kind, 'ended');
      assert.equal((await engine.load(machine, 'one', c.id)).kind, 'live');
    });

    test('deleteExpired removes expired flows in bounded batches', async () => {
      for (let i = 0; i < 5; i++) await start({ ttlMs: 1 });
      clock.advance(MINUTE);
      const first = await engine.deleteExpired(fresh.handle.db, clock.now(), 2);
      assert.equal(first, 2);
      let total = first;
      for (;;) {
        const n = await engine.deleteExpired(fresh.handle.db, clock.now(), 2);
        total += n;
        if (n === 0) break;
      }
      assert.ok(total >= 5);
    });
  });
}
