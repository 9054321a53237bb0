/**
 * The outbox against real parts: an SMTP server in the test process, a local HTTP SMS gateway
 * that fails before it succeeds, and two workers on PostgreSQL sharing 1,000 rows.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, POSTGRES_URL } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { freePort, startSmtp, type TestSmtp } from '../../test/support/smtp.js';
import { MINUTE } from '../core/clock.js';
import { backoffMs, type OutgoingEmail } from './outbox.js';
import { httpSmsProvider } from './sms-provider.js';
import { outboxWorker } from './worker.js';

const letter = (to: string, n = 1): OutgoingEmail => ({
  channel: 'email',
  to,
  fromName: 'Дневник.ру',
  subject: `Подтверждение адреса эл. почты № ${n}`,
  text: `Здравствуйте!\nПерейдите по ссылке:\nhttps://id.example/confirm/${n}\n`,
  html: `<p>Здравствуйте!</p><p><a href="https://id.example/confirm/${n}">Подтвердить</a></p>`,
});

describe('outbox delivery by SMTP', () => {
  let smtp: TestSmtp;
  let h: Harness;
  before(async () => {
    smtp = await startSmtp();
    h = await startHarness('sqlite', { config: { SMTP_URL: smtp.url, MAIL_FROM: 'noreply@propusk.test' } });
  });
  after(async () => {
    await h?.close();
    await smtp?.close();
  });

  test('a letter reaches the SMTP server with a Cyrillic subject, text and HTML parts and the realm sender name', async () => {
    const { id } = await h.services.outbox.enqueue(h.services.db, {
      realmId: 'dnevnik',
      template: 'email_confirmation',
      locale: 'ru',
      idempotencyKey: 'test:letter:1',
      message: letter('volkova@demo.example'),
    });
    assert.equal(await h.services.worker.runOnce(), 1);
    await smtp.waitFor(1);
    const got = smtp.letters[0];
    assert.ok(got);
    assert.deepEqual(got.envelopeTo, ['volkova@demo.example']);
    assert.equal(got.parsed.subject, 'Подтверждение адреса эл. почты № 1');
    assert.equal(got.parsed.from?.value[0]?.name, 'Дневник.ру');
    assert.equal(got.parsed.from?.value[0]?.address, 'noreply@propusk.test');
    assert.match(got.parsed.text ?? '', /Перейдите по ссылке/);
    assert.match(String(got.parsed.html), /<a href="https:\/\/id.example\/confirm\/1">/);
    assert.equal(got.parsed.messageId, `<${id}@propusk.test>`);
    assert.match(got.raw, /Content-Type: multipart\/alternative/i);
    assert.match(got.raw, /charset=utf-8/i);
    const [row] = await h.services.outbox.list({});
    assert.equal(row?.status, 'sent');
    assert.equal(row?.payload, null, 'payload wiped after delivery outside demo mode');
  });

  test('the same cause enqueued twice is one letter', async () => {
    const first = await h.services.outbox.enqueue(h.services.db, {
      realmId: 'dnevnik',
      template: 'email_confirmation',
      locale: 'ru',
      idempotencyKey: 'test:twice',
      message: letter('twice@demo.example', 2),
    });
    const second = await h.services.outbox.enqueue(h.services.db, {
      realmId: 'dnevnik',
      template: 'email_confirmation',
      locale: 'ru',
      idempotencyKey: 'test:twice',
      message: letter('twice@demo.example', 2),
    });
    assert.equal(second.duplicate, true);
    assert.equal(second.id, first.id);
    const before = smtp.letters.length;
    await h.services.worker.runOnce();
    await smtp.waitFor(before + 1);
    await h.services.worker.runOnce();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(smtp.letters.filter((l) => l.envelopeTo.includes('twice@demo.example')).length, 1);
  });

  test('a letter rolled back with its transaction never leaves', async () => {
    await assert.rejects(
      h.services.db.transaction().execute(async (trx) => {
        await h.services.outbox.enqueue(trx, {
          realmId: 'dnevnik',
          template: 'email_confirmation',
          locale: 'ru',
          idempotencyKey: 'test:rollback',
          message: letter('rollback@demo.example'),
        });
        throw new Error('the change failed');
      }),
    );
    assert.equal(
      (await h.services.outbox.list({})).some((r) => r.idempotency_key === 'test:rollback'),
      false,
    );
  });

  test('an address the server refuses is given up at once (dead), not retried for a day', async () => {
    const picky = await startSmtp(0, { rejectRecipients: /^nobody@/ });
    const p = await startHarness('sqlite', { config: { SMTP_URL: picky.url }, seed: false });
    try {
      await p.services.outbox.enqueue(p.services.db, {
        realmId: null,
        template: 't',
        locale: 'ru',
        idempotencyKey: 'refused',
        message: letter('nobody@demo.example'),
      });
      await p.services.worker.runOnce();
      const [row] = await p.services.outbox.list({});
      assert.equal(row?.status, 'dead');
      assert.match(row?.last_error ?? '', /550/);
    } finally {
      await p.close();
      await picky.close();
    }
  });
});

describe('SMTP down when a letter is queued', () => {
  test('it is delivered after the server comes up, exactly once', async () => {
    const port = await freePort();
    const h = await startHarness('sqlite', { config: { SMTP_URL: `smtp://127.0.0.1:${port}` }, seed: false });
    let smtp: TestSmtp | null = null;
    try {
      await h.services.outbox.enqueue(h.services.db, {
        realmId: null,
        template: 'email_confirmation',
        locale: 'ru',
        idempotencyKey: 'down-then-up',
        message: letter('patient@demo.example'),
      });
      await h.services.worker.runOnce();
      let [row] = await h.services.outbox.list({});
      assert.equal(row?.status, 'pending');
      assert.equal(row?.attempts, 1);
      assert.match(row?.last_error ?? '', /ECONNREFUSED/);
      // Not due yet: nothing happens before the backoff.
      assert.equal(await h.services.worker.runOnce(), 0);

      smtp = await startSmtp(port);
      h.clock.advance(MINUTE);
      assert.equal(await h.services.worker.runOnce(), 1);
      await smtp.waitFor(1);
      h.clock.advance(60 * MINUTE);
      await h.services.worker.runOnce();
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(smtp.letters.length, 1, 'exactly once');
      [row] = await h.services.outbox.list({});
      assert.equal(row?.status, 'sent');
      assert.equal(row?.attempts, 2);
    } finally {
      await h.close();
      await smtp?.close();
    }
  });

  test('retries back off exponentially and stop after about a day', async () => {
    assert.equal(
      backoffMs(1, () => 0),
      30_000,
    );
    assert.equal(
      backoffMs(2, () => 0),
      60_000,
    );
    assert.equal(
      backoffMs(5, () => 0),
      480_000,
    );
    assert.equal(
      backoffMs(30, () => 0),
      4 * 60 * MINUTE,
      'capped at 4 h',
    );
    assert.ok(backoffMs(3, () => 1) <= 1.1 * 120_000);

    const port = await freePort();
    const h = await startHarness('sqlite', { config: { SMTP_URL: `smtp://127.0.0.1:${port}` }, seed: false });
    try {
      await h.services.outbox.enqueue(h.services.db, {
        realmId: null,
        template: 't',
        locale: 'ru',
        idempotencyKey: 'never',
        message: letter('never@demo.example'),
      });
      let tries = 0;
      for (let i = 0; i < 40; i++) {
        tries += await h.services.worker.runOnce();
        const [row] = await h.services.outbox.list({});
        if (row?.status === 'dead') break;
        h.clock.advance(Math.max(0, (row?.next_attempt_at ?? 0) - h.clock.now()));
      }
      const [row] = await h.services.outbox.list({});
      assert.equal(row?.status, 'dead');
      assert.ok(tries >= 10 && tries <= 16, `${tries} tries`);
      assert.ok(h.clock.now() - (row?.created_at ?? 0) <= 24 * 60 * MINUTE);
      // An operator can send it once more.
      assert.equal(await h.services.outbox.retry(row?.id ?? ''), true);
      assert.equal((await h.services.outbox.list({ status: 'pending' })).length, 1);
    } finally {
      await h.close();
    }
  });
});

describe('SMS through the generic HTTP provider', () => {
  let server: Server;
  let url: string;
  const received: { body: string; contentType: string | undefined }[] = [];
  let plan: ('500' | '400' | 'hang' | 'ok' | 'error-body')[] = [];

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        const step = plan.shift() ?? 'ok';
        received.push({ body, contentType: req.headers['content-type'] });
        if (step === 'hang') return; // never answers: the client's timeout must fire
        if (step === '500' || step === '400') {
          res.writeHead(Number(step)).end(step === '500' ? 'internal' : 'bad phone');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(step === 'error-body' ? '{"error":"no money","error_code":3}' : '{"id":42,"cnt":1}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sys/send.php`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(() => r(undefined)));
  });

  test('fails on 500 and on a timeout, then succeeds; the text arrives in the templated form', async () => {
    plan = ['500', 'hang', 'error-body', 'ok'];
    received.length = 0;
    const h = await startHarness('sqlite', {
      seed: false,
      config: {
        SMS_PROVIDER: 'http',
        SMS_HTTP_URL: url,
        SMS_HTTP_FORMAT: 'form',
        SMS_HTTP_FIELDS: JSON.stringify({
          login: 'school',
          phones: '{{phone_digits}}',
          mes: '{{text}}',
          id: '{{id}}',
        }),
        SMS_HTTP_SUCCESS_PATTERN: '"cnt":\\s*\\d+',
        SMS_HTTP_TIMEOUT_MS: 500,
      },
    });
    try {
      const { id } = await h.services.outbox.enqueue(h.services.db, {
        realmId: null,
        template: 'phone_confirmation_code',
        locale: 'ru',
        idempotencyKey: 'sms:1',
        message: { channel: 'sms', to: '+79533541234', text: '123456 — код подтверждения Дневник.ру' },
      });
      const errors: string[] = [];
      for (let i = 0; i < 4; i++) {
        await h.services.worker.runOnce();
        const [row] = await h.services.outbox.list({});
        if (row?.status === 'sent') break;
        errors.push(row?.last_error ?? '');
        h.clock.advance(5 * 60 * MINUTE);
      }
      assert.match(errors[0] ?? '', /HTTP 500/);
      assert.match(errors[1] ?? '', /request failed/);
      assert.match(errors[2] ?? '', /unexpected response/);
      const [row] = await h.services.outbox.list({});
      assert.equal(row?.status, 'sent');
      assert.equal(received.length, 4);
      const form = new URLSearchParams(received[3]?.body);
      assert.equal(form.get('phones'), '79533541234');
      assert.equal(form.get('mes'), '123456 — код подтверждения Дневник.ру');
      assert.equal(form.get('id'), id, 'the outbox id travels as the idempotency key');
      assert.match(received[3]?.contentType ?? '', /x-www-form-urlencoded/);
    } finally {
      await h.close();
    }
  });

  test('JSON bodies, and a 4xx is a permanent failure', async () => {
    plan = ['ok'];
    received.length = 0;
    const provider = httpSmsProvider({
      url,
      method: 'POST',
      format: 'json',
      fields: { recipient: '{{phone}}', text: '{{text}}' },
      headers: { authorization: 'Bearer key' },
      successPattern: null,
      timeoutMs: 1000,
    });
    const ok = await provider.send({ id: 'x', to: '+77011234567', text: 'Код 1234' });
    assert.equal(ok.ok, true);
    assert.deepEqual(JSON.parse(received[0]?.body ?? ''), { recipient: '+77011234567', text: 'Код 1234' });
    plan = ['400'];
    const refused = await provider.send({ id: 'y', to: '+77011234567', text: 'x' });
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.equal(refused.permanent, true, 'the gateway refuses this request as it is');
    plan = ['500'];
    const broken = await provider.send({ id: 'z', to: '+77011234567', text: 'x' });
    assert.equal(broken.ok, false);
    if (!broken.ok) assert.equal(broken.permanent, false, 'a server error is worth retrying');
  });
});

for (const dialect of DIALECTS.filter((d) => d.name === 'postgres')) {
  describe('two workers on PostgreSQL', {
    skip: dialect.skip || (POSTGRES_URL ? false : 'no PostgreSQL'),
  }, () => {
    test('deliver 1,000 queued rows with no duplicates', async () => {
      const h = await startHarness('postgres', { seed: false });
      try {
        for (let start = 0; start < 1000; start += 100) {
          await h.services.db.transaction().execute(async (trx) => {
            for (let i = start; i < start + 100; i++) {
              await h.services.outbox.enqueue(trx, {
                realmId: null,
                template: 'phone_confirmation_code',
                locale: 'ru',
                idempotencyKey: `bulk:${i}`,
                message: { channel: 'sms', to: '+79000000000', text: `code ${i}` },
              });
            }
          });
        }
        const delivered = new Map<string, number>();
        const countingSms = {
          name: 'counting',
          async send(sms: { id: string }) {
            delivered.set(sms.id, (delivered.get(sms.id) ?? 0) + 1);
            await new Promise((r) => setImmediate(r));
            return { ok: true as const, providerId: null };
          },
        };
        const make = () =>
          outboxWorker({
            outbox: h.services.outbox,
            email: h.services.email,
            sms: countingSms,
            log: { info() {}, warn() {}, error() {} },
          });
        const [a, b] = [make(), make()];
        const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()]);
        assert.equal(na + nb, 1000);
        assert.ok(na > 0 && nb > 0, `both workers took part (${na} + ${nb})`);
        assert.equal(delivered.size, 1000);
        assert.ok(
          [...delivered.values()].every((n) => n === 1),
          'no row delivered twice',
        );
        assert.equal((await h.services.outbox.list({ status: 'sent', limit: 2000 })).length, 1000);
      } finally {
        await h.close();
      }
    });
  });
}
