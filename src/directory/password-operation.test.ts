/**
 * The one password operation: the hash, the ended sessions, the ended recovery flows, the audit
 * event and the letter commit together; a failed guard or a stale hash writes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { MINUTE } from '../core/clock.js';
import { defineFlow } from '../core/flows/machine.js';
import type { Person } from '../db/schema.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import { changePassword } from './password-operation.js';

const resetFlow = defineFlow<'started' | 'done' | 'superseded', { readonly n: number }>({
  kind: 'test-reset',
  transitions: { started: ['done', 'superseded'], done: [], superseded: [] },
  ended: ['done', 'superseded'],
});

for (const dialect of DIALECTS) {
  describe(`the password operation on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let realm: LoadedRealm;
    before(async () => {
      h = await startHarness(dialect.name);
      realm = (await h.services.realms.find('dnevnik')) as LoadedRealm;
    });
    after(async () => h.close());

    const person = async (login: string): Promise<Person> =>
      (await h.services.people.findByLogin('dnevnik', login)) as Person;
    const session = (p: Person) =>
      h.services.sessions.create({
        realmId: 'dnevnik',
        personId: p.id,
        lifetimes: realm.settings.session,
        ip: '203.0.113.1',
        userAgent: null,
        method: 'password',
      });
    const deps = () => ({ ...h.services, endedByPasswordChange: [resetFlow] });
    const letters = async (personId: string) =>
      (
        await h.services.db
          .selectFrom('outbox')
          .select('template')
          .where('person_id', '=', personId)
          .execute()
      )
        .map((r) => r.template)
        .filter((t) => t === 'password_changed').length;

    test('sets the hash, ends the other sessions, the recovery flows, audits and queues one letter', async () => {
      const p = await person('petrova.anya');
      const kept = await session(p);
      await session(p);
      const flow = await h.services.flows.start(h.services.db, resetFlow, {
        realmId: 'dnevnik',
        state: 'started',
        personId: p.id,
        data: { n: 1 },
        ttlMs: 10 * MINUTE,
      });
      const before = await letters(p.id);
      const outcome = await changePassword(deps(), {
        realm,
        person: p,
        hash: await h.services.passwords.hash('Novyi-Parol-2290'),
        mustChange: false,
        keepSessionId: kept.session.id,
        action: 'password.changed',
        actorId: p.id,
        meta: { ip: '203.0.113.1', userAgent: null, locale: 'ru' },
        idempotencyKey: `test:${p.id}`,
        expectHash: p.password_hash,
      });
      assert.deepEqual(outcome, { kind: 'changed', sessionsEnded: 1 });
      const after = await person('petrova.anya');
      assert.ok(await h.services.passwords.verify(after.password_hash as string, 'Novyi-Parol-2290'));
      assert.deepEqual(
        (await h.services.sessions.listOf(p.id)).map((s) => s.id),
        [kept.session.id],
      );
      assert.equal((await h.services.flows.load(resetFlow, 'dnevnik', flow.id)).kind, 'ended');
      assert.equal(await letters(p.id), before + (p.email ? 1 : 0));
      const events = await h.services.audit.listForSubject(p.id);
      assert.equal(events[0]?.action, 'password.changed');
    });

    test('a stale hash or a failed guard writes nothing', async () => {
      const p = await person('smirnova.ov');
      await session(p);
      const eventsBefore = (await h.services.audit.listForSubject(p.id)).length;
      const lettersBefore = await letters(p.id);
      const base = {
        realm,
        person: p,
        hash: await h.services.passwords.hash('Drugoi-Parol-3391'),
        mustChange: false,
        keepSessionId: null,
        action: 'password.set_by_operator' as const,
        actorId: null,
        meta: { ip: null, userAgent: null, locale: 'ru' as const },
        idempotencyKey: `test-stale:${p.id}`,
      };
      assert.deepEqual(await changePassword(deps(), { ...base, expectHash: 'not-the-hash' }), {
        kind: 'conflict',
      });
      assert.deepEqual(await changePassword(deps(), { ...base, guard: async () => false }), {
        kind: 'conflict',
      });
      assert.equal((await person('smirnova.ov')).password_hash, p.password_hash);
      assert.equal((await h.services.sessions.listOf(p.id)).length, 1);
      assert.equal((await h.services.audit.listForSubject(p.id)).length, eventsBefore);
      assert.equal(await letters(p.id), lettersBefore);
    });
  });
}
