import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startHarness } from '../../../test/support/harness.js';

describe('the development mailbox', () => {
  test('exists only in demo mode, lists letters newest first with working links, escapes content', async () => {
    const demo = await startHarness('sqlite', { config: { DEMO: true } });
    try {
      for (const [i, text] of [
        'first https://id.example/a',
        'second <script>x</script> https://id.example/b',
      ].entries()) {
        await demo.services.outbox.enqueue(demo.services.db, {
          realmId: 'dnevnik',
          template: 'email_confirmation',
          locale: 'ru',
          idempotencyKey: `mailbox:${i}`,
          message: {
            channel: 'email',
            to: 'x@demo.example',
            fromName: 'Дневник.ру',
            subject: `S${i}`,
            text,
            html: '',
          },
        });
        demo.clock.advance(1000);
      }
      await demo.services.worker.runOnce();
      const res = await demo.app.inject({ method: 'GET', url: '/dev/mailbox' });
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.indexOf('second') < res.body.indexOf('first'), 'newest first');
      assert.ok(res.body.includes('<a href="https://id.example/b">https://id.example/b</a>'));
      assert.ok(!res.body.includes('<script>x'), 'escaped');
    } finally {
      await demo.close();
    }
    const real = await startHarness('sqlite', { seed: false });
    try {
      assert.equal((await real.app.inject({ method: 'GET', url: '/dev/mailbox' })).statusCode, 404);
    } finally {
      await real.close();
    }
  });
});
