/**
 * The end of every sign-in (completeSignin): the session and its audit event are one commit — a
 * session is never left without its «signin.succeeded», and a sign-in waits for one write to the
 * disk, not two.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { completeSignin } from './signin-step.js';

for (const dialect of DIALECTS) {
  describe(`completeSignin on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    const sessionsOf = async (personId: string) =>
      (await h.services.db.selectFrom('sessions').select('id').where('person_id', '=', personId).execute())
        .length;

    test('an audit log that refuses the event leaves no session behind', async () => {
      const { services } = h;
      const realm = await services.realms.find('dnevnik');
      const person = await services.people.findByLogin('dnevnik', 'ekaterinavolkov');
      assert.ok(realm && person);
      const before = await sessionsOf(person.id);
      // The event reaches the database and is refused there (no action: NOT NULL).
      const failingAudit = {
        ...services.audit,
        toAppend: (entry: Parameters<typeof services.audit.toAppend>[0]) => {
          const pending = services.audit.toAppend(entry);
          const parameters = pending.write.parameters.map((p) => (p === entry.action ? null : p));
          return { ...pending, write: { ...pending.write, parameters } };
        },
      };
      await assert.rejects(
        completeSignin({ ...services, audit: failingAudit }, realm, person, 'password', null, {
          ip: '10.0.0.1',
          userAgent: 'test',
        }),
        /null|NOT NULL/i,
      );
      assert.equal(await sessionsOf(person.id), before);
    });

    test('a sign-in writes the session and its «signin.succeeded» together', async () => {
      const { services } = h;
      const realm = await services.realms.find('dnevnik');
      const person = await services.people.findByLogin('dnevnik', 'ekaterinavolkov');
      assert.ok(realm && person);
      const before = await sessionsOf(person.id);
      const { token } = await completeSignin(services, realm, person, 'password', null, {
        ip: '10.0.0.2',
        userAgent: 'test',
      });
      assert.ok(token.length > 20);
      assert.equal(await sessionsOf(person.id), before + 1);
      const events = await services.db
        .selectFrom('audit_events')
        .select('action')
        .where('subject_id', '=', person.id)
        .where('action', '=', 'signin.succeeded')
        .execute();
      assert.ok(events.length >= 1);
    });
  });
}
