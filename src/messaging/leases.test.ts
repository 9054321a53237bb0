/**
 * Issue 9, item 11: a lease covers only what is in flight. A worker that claims and then dies
 * (here: its provider never answers, as a worker killed mid-send would never answer) holds at
 * most one message; another worker delivers the rest at once. A send that takes longer than the
 * lease keeps it by renewing, so no second worker sends it meanwhile.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { LEASE_MS } from './outbox.js';
import type { SmsProvider } from './sms-provider.js';
import { outboxWorker } from './worker.js';

const quiet = { info() {}, warn() {}, error() {} };

function counting(): SmsProvider & { readonly sent: Map<string, number> } {
  const sent = new Map<string, number>();
  return {
    name: 'counting',
    sent,
    async send(sms) {
      sent.set(sms.id, (sent.get(sms.id) ?? 0) + 1);
      return { ok: true, providerId: null };
    },
  };
}

/** A provider that accepts a message and never answers until released. */
function hanging(): SmsProvider & { release(): void; readonly started: Promise<void> } {
  let release: () => void = () => {};
  let started: () => void = () => {};
  const startedPromise = new Promise<void>((resolve) => {
    started = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    name: 'hanging',
    started: startedPromise,
    release: () => release(),
    async send() {
      started();
      await released;
      return { ok: true, providerId: null };
    },
  };
}

async function enqueue(h: Harness, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await h.services.outbox.enqueue(h.services.db, {
      realmId: null,
      template: 'phone_confirmation_code',
      locale: 'ru',
      idempotencyKey: `lease:${i}`,
      message: { channel: 'sms', to: '+79000000000', text: `code ${i}` },
    });
  }
}

async function statuses(h: Harness): Promise<Record<string, number>> {
  const rows = await h.services.outbox.list({ limit: 1000 });
  const out: Record<string, number> = {};
  for (const row of rows) out[row.status] = (out[row.status] ?? 0) + 1;
  return out;
}

for (const dialect of DIALECTS) {
  describe(`9.11 outbox leases on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('a worker that claims and dies leaves at most one message leased; another delivers the rest at once', async () => {
      const h = await startHarness(dialect.name, { seed: false });
      const stuck = hanging();
      const dead = outboxWorker({
        outbox: h.services.outbox,
        email: h.services.email,
        sms: stuck,
        log: quiet,
      });
      try {
        await enqueue(h, 12);
        void dead.runOnce(); // claims, starts sending, never finishes
        await stuck.started;
        const leased = (await h.services.outbox.list({ limit: 100 })).filter(
          (r) => r.locked_until !== null && r.locked_until > h.clock.now(),
        );
        assert.equal(leased.length, 1, 'only the message in flight is leased');

        const sms = counting();
        const alive = outboxWorker({ outbox: h.services.outbox, email: h.services.email, sms, log: quiet });
        assert.equal(await alive.runOnce(), 11, 'the rest is delivered at once, no clock advanced');
        assert.deepEqual(await statuses(h), { sent: 11, sending: 1 });

        // The one in flight comes back after its lease.
        h.clock.advance(LEASE_MS + 1);
        assert.equal(await alive.runOnce(), 1);
        assert.deepEqual(await statuses(h), { sent: 12 });
        assert.ok([...sms.sent.values()].every((n) => n === 1));
      } finally {
        stuck.release();
        await dead.stop();
        await h.close();
      }
    });

    test('a send longer than the lease keeps it by renewing: no second worker sends it meanwhile', async () => {
      const h = await startHarness(dialect.name, { seed: false });
      const slow = hanging();
      const busy = outboxWorker({
        outbox: h.services.outbox,
        email: h.services.email,
        sms: slow,
        log: quiet,
        renewEveryMs: 10,
      });
      try {
        await enqueue(h, 1);
        const first = busy.runOnce();
        await slow.started;
        const sms = counting();
        const other = outboxWorker({ outbox: h.services.outbox, email: h.services.email, sms, log: quiet });
        for (let i = 0; i < 3; i++) {
          // Nearly a lease passes, the busy worker renews, nearly another passes: in all, three
          // leases' time since the claim and the message is still its own.
          h.clock.advance(LEASE_MS - 1000);
          const renewedBy = h.clock.now() + LEASE_MS - 1000;
          for (let wait = 0; wait < 200; wait++) {
            const [row] = await h.services.outbox.list({});
            if ((row?.locked_until ?? 0) >= renewedBy) break;
            await new Promise((r) => setTimeout(r, 10));
          }
          assert.equal(await other.runOnce(), 0, `renewed lease ${i + 1} holds`);
        }
        slow.release();
        assert.equal(await first, 1);
        assert.deepEqual(await statuses(h), { sent: 1 });
        assert.equal(sms.sent.size, 0);
      } finally {
        slow.release();
        await busy.stop();
        await h.close();
      }
    });

    test('renewals never overlap: an older one cannot commit after a newer one and shorten the lease', async () => {
      const h = await startHarness(dialect.name, { seed: false });
      const slow = hanging();
      let inFlight = 0;
      let most = 0;
      let renewals = 0;
      const outbox = {
        ...h.services.outbox,
        async renew(ids: readonly string[], workerId: string): Promise<boolean> {
          inFlight++;
          renewals++;
          most = Math.max(most, inFlight);
          try {
            await new Promise((r) => setTimeout(r, 40)); // a slow commit, four renewal periods long
            return await h.services.outbox.renew(ids, workerId);
          } finally {
            inFlight--;
          }
        },
      };
      const busy = outboxWorker({ outbox, email: h.services.email, sms: slow, log: quiet, renewEveryMs: 10 });
      try {
        await enqueue(h, 1);
        const first = busy.runOnce();
        await slow.started;
        await new Promise((r) => setTimeout(r, 300));
        slow.release();
        assert.equal(await first, 1);
        assert.ok(renewals >= 3, `the lease was renewed (${renewals} times)`);
        assert.equal(most, 1, 'one renewal at a time');
      } finally {
        slow.release();
        await busy.stop();
        await h.close();
      }
    });
  });
}
