/**
 * Sign-in with ЭЦП through HTTP (app.inject) on SQLite and PostgreSQL, with the NCALayer
 * simulator's PKI (its CRL and OCSP answered over real HTTP): the challenge, every refusal with
 * its own message and a 4xx, the replayed challenge, then the password step.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf } from '../../../test/support/harness.js';
import {
  b64,
  CONSENTS,
  foreignPki,
  type SignOptions,
  signAs,
  signWithOdd,
  useNcalayerHarness,
} from '../../../test/support/ncalayer.js';
import { codeAt, newTotpSecret } from '../../factors/totp.js';
import type { KeyFamily } from '../../ncalayer-sim/keys.js';
import type { DemoKeyId, TestPki } from '../../ncalayer-sim/pki.js';

const PAGE = '/r/recycle/signature/login';

for (const dialect of DIALECTS) {
  describe(`sign-in with ЭЦП on ${dialect.name}`, { skip: dialect.skip }, () => {
    const { h, sim } = useNcalayerHarness(dialect.name);

    async function challenge(b: Browser): Promise<{ flow: string; data: string; csrf: string }> {
      const page = await b.get(PAGE);
      const csrf = csrfTokenOf(page.body);
      const res = await b.post('/r/recycle/signature/challenge', { _csrf: csrf, ...CONSENTS });
      assert.equal(res.statusCode, 200, res.body);
      const json = res.json() as { flow: string; data: string };
      return { ...json, csrf };
    }

    type Signing = (pki: TestPki, content: Uint8Array) => Uint8Array;
    const by =
      (family: KeyFamily, id: DemoKeyId, options: SignOptions = {}): Signing =>
      (pki, content) =>
        signAs(pki, family, id, content, options);

    async function signIn(b: Browser, signing: Signing) {
      const { flow, data, csrf } = await challenge(b);
      const cms = b64(signing(sim.pki, Buffer.from(data, 'base64')));
      return { flow, cms, csrf, res: await b.post(PAGE, { _csrf: csrf, flow, cms, ...CONSENTS }) };
    }

    test('the page has the article’s texts, the consents and the no-script explanation', async () => {
      const res = await new Browser(h.app).get(PAGE);
      assert.equal(res.statusCode, 200);
      for (const text of [
        'Вход в систему',
        'С 1 июня 2020 года вход в систему осуществляется при помощи ЭЦП.',
        'Напоминаем, что для работы с ЭЦП вам понадобится NCALayer.',
        'Настоящим Вы даете согласие на сбор, обработку, передачу и хранение персональных данных',
        'Войти в систему',
        'Внимание! Для входа требуется подтверждение обоих пунктов согласия.',
        'Для входа с ЭЦП нужен JavaScript',
        'NCALayer не запущен.',
        'https://ncl.pki.gov.kz/',
      ])
        assert.ok(res.body.includes(text), text);
      assert.match(
        String(res.headers['content-security-policy']),
        /connect-src 'self' wss:\/\/127\.0\.0\.1:13579 ws:\/\/127\.0\.0\.1:\d+/,
      );
    });

    test('the challenge needs both consents', async () => {
      const b = new Browser(h.app);
      const csrf = csrfTokenOf((await b.get(PAGE)).body);
      const res = await b.post('/r/recycle/signature/challenge', {
        _csrf: csrf,
        consent_personal_data: 'on',
      });
      assert.equal(res.statusCode, 400);
      assert.equal(
        (res.json() as { message: string }).message,
        'Для входа требуется подтверждение обоих пунктов согласия.',
      );
    });

    for (const family of ['gost', 'gost256', 'gost2004', 'rsa'] as const) {
      test(`${family}: an individual signs, then the password, then the second factor's enrolment`, async () => {
        const b = new Browser(h.app);
        const { flow, res } = await signIn(b, by(family, 'individual'));
        assert.equal(res.statusCode, 303, res.body);
        assert.equal(res.headers.location, `/r/recycle/signature/password?flow=${flow}`);
        const page = await b.get(String(res.headers.location));
        assert.ok(page.body.includes('Введите пароль от личного кабинета в системе'));
        assert.ok(page.body.includes('Забыли пароль?'));
        assert.ok(page.body.includes('ИИН 061211600012'));
        const csrf = csrfTokenOf(page.body);
        const wrong = await b.post('/r/recycle/signature/password', { _csrf: csrf, flow, password: 'nope' });
        assert.equal(wrong.statusCode, 401);
        assert.ok(wrong.body.includes('Неверный пароль. Осталось попыток: 4.'));
        const right = await b.post('/r/recycle/signature/password', {
          _csrf: csrf,
          flow,
          password: 'Kz!Eco#2026',
        });
        assert.equal(right.statusCode, 303);
        // recycle demands a second factor: the enrolment comes before any session (enrol.test.ts).
        assert.match(String(right.headers.location), /^\/r\/recycle\/login\/step\//);
        const person = (await h.services.people.findByIin('recycle', '061211600012'))[0];
        assert.ok(person);
        const sessions = await h.services.db
          .selectFrom('sessions')
          .select('id')
          .where('person_id', '=', person.id)
          .execute();
        assert.equal(sessions.length, 0);
        // The same signature again: the challenge is spent.
        const again = await b.post(PAGE, { _csrf: csrf, flow, cms: 'AAAA', ...CONSENTS });
        assert.equal(again.statusCode, 409);
        assert.ok(again.body.includes('Эта подпись уже использована.'));
      });
    }

    test('ЭЦП → password → the second factor of a person who has one', async () => {
      const person = (await h.services.people.findByIin('recycle', '880501300124'))[0];
      assert.ok(person);
      const secret = newTotpSecret();
      await h.services.factors.totp.create(h.services.db, {
        realmId: 'recycle',
        personId: person.id,
        secret,
        step: 0,
      });
      const b = new Browser(h.app);
      const { flow, res } = await signIn(b, by('rsa', 'employee'));
      assert.equal(res.statusCode, 303, res.body);
      const page = await b.get(String(res.headers.location));
      const csrf = csrfTokenOf(page.body);
      const pw = await b.post('/r/recycle/signature/password', {
        _csrf: csrf,
        flow,
        password: 'Almaty&Green7',
      });
      assert.equal(pw.statusCode, 303);
      const step = String(pw.headers.location);
      assert.match(step, /^\/r\/recycle\/login\/step\/[A-Za-z0-9_-]+$/);
      const stepPage = await b.get(step);
      assert.equal(stepPage.statusCode, 200);
      const code = await b.post(`${step}/code`, {
        _csrf: csrfTokenOf(stepPage.body),
        kind: 'totp',
        code: codeAt(secret, h.clock.now()),
      });
      assert.equal(code.statusCode, 303, code.body.slice(0, 300));
      const session = await h.services.db
        .selectFrom('sessions')
        .select(['method', 'second_factor'])
        .where('person_id', '=', person.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(session, { method: 'signature', second_factor: 'totp' });
    });

    test('an employee’s certificate: IIN, BIN and organisation on the password page', async () => {
      const b = new Browser(h.app);
      const { res } = await signIn(b, by('gost', 'employee'));
      assert.equal(res.statusCode, 303, res.body);
      const page = await b.get(String(res.headers.location));
      assert.ok(page.body.includes('ИИН 880501300124, ТОО «ЭкоТранс Алматы» (БИН 061211600012)'), page.body);
    });

    const refusals: readonly [string, Signing, number, string][] = [
      ['expired', by('gost', 'expired'), 403, 'Срок действия сертификата ЭЦП истёк.'],
      ['revoked', by('rsa', 'revoked'), 403, 'Сертификат ЭЦП отозван.'],
      [
        'unknown CA',
        (_pki, c) => signAs(foreignPki(), 'gost', 'individual', c),
        403,
        'Сертификат выдан неизвестным удостоверяющим центром.',
      ],
      ['wrong purpose (signing key)', by('gost', 'signing'), 403, 'Этот ключ не подходит'],
      [
        'another key',
        (pki, c) => signAs(pki, 'rsa', 'individual', c, { withKey: signAsKey(pki) }),
        403,
        'Подпись не сходится',
      ],
      [
        'wrong challenge',
        (pki) => signAs(pki, 'gost', 'individual', new TextEncoder().encode('старый вызов')),
        403,
        'Подписан не тот текст',
      ],
      [
        'no IIN',
        (pki, c) => signWithOdd(pki, 'rsa', { commonName: 'БЕЗ ИИН' }, c),
        403,
        'В сертификате нет ИИН',
      ],
      [
        'IIN with a wrong check digit',
        (pki, c) => signWithOdd(pki, 'gost', { commonName: 'X', serialNumber: 'IIN123456789011' }, c),
        403,
        'не проходит проверку контрольной цифры',
      ],
      [
        'a person unknown here',
        by('gost', 'unknown'),
        403,
        'Пользователь с ИИН 951201000112 не зарегистрирован в системе.',
      ],
    ];
    for (const [name, signing, status, message] of refusals) {
      test(`refused: ${name} → ${String(status)} with its own message, audited, challenge spent`, async () => {
        const b = new Browser(h.app);
        const { flow, cms, csrf, res } = await signIn(b, signing);
        assert.equal(res.statusCode, status, res.body.slice(0, 300));
        assert.ok(res.body.includes(message), `${name}: ${message}`);
        const replay = await b.post(PAGE, { _csrf: csrf, flow, cms, ...CONSENTS });
        assert.equal(replay.statusCode, 409);
      });
    }

    test('tampered content', async () => {
      const b = new Browser(h.app);
      const { flow, data, csrf } = await challenge(b);
      const der = signAs(sim.pki, 'gost', 'individual', Buffer.from(data, 'base64'));
      const at = Buffer.from(der).indexOf(Buffer.from(data, 'base64'));
      const tampered = Uint8Array.from(der);
      tampered[at] = (tampered[at] ?? 0) ^ 1;
      const res = await b.post(PAGE, { _csrf: csrf, flow, cms: b64(tampered), ...CONSENTS });
      assert.equal(res.statusCode, 403);
      assert.ok(res.body.includes('Подпись не сходится с подписанными данными.'));
    });

    test('malformed base64 and ASN.1: 400; a 10 MB CMS: 413 before parsing; never 500', async () => {
      for (const [cms, status, text] of [
        ['%%%not-base64%%%', 400, 'не base64'],
        [Buffer.from('plain text, no ASN.1').toString('base64'), 400, 'это не структура CMS'],
        ['A'.repeat(50_000), 413, 'Подпись слишком велика.'],
      ] as const) {
        const b = new Browser(h.app);
        const { flow, csrf } = await challenge(b);
        const res = await b.post(PAGE, { _csrf: csrf, flow, cms, ...CONSENTS });
        assert.equal(res.statusCode, status, text);
        assert.ok(res.body.includes(text), text);
      }
      const b = new Browser(h.app);
      const { flow, csrf } = await challenge(b);
      const huge = await b.post(PAGE, { _csrf: csrf, flow, cms: 'A'.repeat(10 * 1024 * 1024) });
      assert.equal(huge.statusCode, 413);
    });

    test('a challenge from another browser is unknown here; a missing signature is explained', async () => {
      const a = new Browser(h.app);
      const { flow } = await challenge(a);
      const other = new Browser(h.app);
      const csrf = csrfTokenOf((await other.get(PAGE)).body);
      const cms = b64(signAs(sim.pki, 'gost', 'individual', new Uint8Array(32)));
      const res = await other.post(PAGE, { _csrf: csrf, flow, cms, ...CONSENTS });
      assert.equal(res.statusCode, 400);
      assert.ok(res.body.includes('Запрос на подпись не найден.'));
      const none = await other.post(PAGE, { _csrf: csrf, flow: '', cms: '', ...CONSENTS });
      assert.equal(none.statusCode, 400);
      const noCms = await a.post(PAGE, { _csrf: csrfTokenOf((await a.get(PAGE)).body), flow, cms: '' });
      assert.equal(noCms.statusCode, 400);
      assert.ok(noCms.body.includes('Подпись не получена.'));
    });

    test('an expired challenge', async () => {
      const b = new Browser(h.app);
      const { flow, data, csrf } = await challenge(b);
      h.clock.advance(6 * 60 * 1000);
      const cms = b64(signAs(sim.pki, 'gost', 'individual', Buffer.from(data, 'base64')));
      const res = await b.post(PAGE, { _csrf: csrf, flow, cms, ...CONSENTS });
      assert.equal(res.statusCode, 400);
      assert.ok(res.body.includes('Время на подписание истекло.'));
    });

    test('every refusal is audited with its verdict', async () => {
      const rows = await h.services.db
        .selectFrom('audit_events')
        .select(['action', 'detail'])
        .where('action', 'in', ['signature.refused', 'signature.unknown_person'])
        .execute();
      const reasons = new Set(
        rows.map((r) => (JSON.parse(String(r.detail)) as { reason?: string }).reason ?? r.action),
      );
      for (const reason of [
        'expired',
        'revoked',
        'unknown-issuer',
        'wrong-purpose',
        'bad-signature',
        'content-mismatch',
        'no-iin',
        'iin-checksum',
        'malformed-base64',
        'malformed-asn1',
        'too-large',
        'signature.unknown_person',
      ])
        assert.ok(reasons.has(reason), reason);
    });
  });
}

function signAsKey(pki: TestPki) {
  const other = pki.keys.find((k) => k.family === 'rsa' && k.id === 'unknown');
  if (!other) throw new Error('no key');
  return other.key;
}
