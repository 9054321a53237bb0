/**
 * Recovery's letters are written by the outbox worker (a job): each person found gets one letter
 * with a link of their own, a job run twice (a worker that died after the letters were queued)
 * queues nothing twice, and a request superseded before its letter was written sends none.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { askRecovery, freshBrowser, recoverablePerson } from '../../../test/support/recovery.js';
import type { OutgoingJob } from '../../messaging/outbox.js';

for (const dialect of DIALECTS) {
  describe(`recovery letters on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    /** The reset links queued so far to `address`, newest first. */
    async function linksTo(address: string): Promise<string[]> {
      const entries = await h.services.outbox.mailbox(500);
      return entries
        .filter((e) => e.row.recipient === address && e.message?.channel === 'email')
        .map((e) => (e.message?.channel === 'email' ? e.message.text : ''))
        .map((text) => /\/r\/[a-z]+\/recovery\/reset\/[A-Za-z0-9_.-]+/.exec(text)?.[0] ?? '');
    }

    test('a letters job run twice queues each letter once, each with a working link of its own', async () => {
      const now = h.clock.now();
      for (const login of ['letters.parent', 'letters.child']) {
        await h.services.people.create({
          realmId: 'eljur',
          login,
          loginNormalized: login,
          lastName: 'Семьина',
          firstName: 'Ольга',
          email: 'family@letters.example',
          emailNormalized: 'family@letters.example',
          emailVerifiedAt: now,
        });
      }
      const res = await askRecovery(h, freshBrowser(h), 'eljur', '/recovery', '/recovery/email', {
        email: 'family@letters.example',
      });
      assert.equal(res.statusCode, 200);
      const claimed = await h.services.outbox.claimDue('test-worker', 10);
      const job = claimed.find((c) => c.message?.channel === 'job');
      assert.ok(job?.message?.channel === 'job', 'the request queued a job, not letters');
      const message: OutgoingJob = job.message;
      const row = { id: job.row.id, realmId: job.row.realm_id, locale: job.row.locale };
      assert.deepEqual(await h.services.jobs.run(message, row), { ok: true, providerId: null });
      assert.deepEqual(await h.services.jobs.run(message, row), { ok: true, providerId: null });
      const links = await linksTo('family@letters.example');
      assert.equal(links.length, 2, 'one letter each, not two');
      assert.notEqual(links[0], links[1]);
      for (const link of links) assert.equal((await freshBrowser(h).get(link)).statusCode, 200);
    });

    test('9.5 a request superseded before its letter was written sends no letter', async () => {
      const person = await recoverablePerson(h, 'letters.twice');
      for (let i = 0; i < 2; i++) {
        h.clock.advance(1); // the second request is the newer one
        await askRecovery(h, freshBrowser(h), 'dnevnik', '/recovery/password', '/recovery/password', {
          login: person.login,
        });
      }
      await h.services.worker.runOnce();
      const links = await linksTo(person.email as string);
      assert.equal(links.length, 1, 'only the newer request writes a letter');
      assert.equal((await freshBrowser(h).get(links[0] as string)).statusCode, 200);
    });
  });
}
