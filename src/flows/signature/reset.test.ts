/**
 * Getting access back with ЭЦП (article 004, steps 3–8) through HTTP on SQLite and PostgreSQL:
 * the statement signed with a signing key and kept as evidence, a new password and a current
 * email, the code from the letter, the old email told, every session ended; and the refusals.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf } from '../../../test/support/harness.js';
import { b64, signAs, useNcalayerHarness } from '../../../test/support/ncalayer.js';
import type { DemoKeyId } from '../../ncalayer-sim/pki.js';

const RESET = '/r/recycle/signature/reset';

for (const dialect of DIALECTS) {
  describe(`reset through ЭЦП on ${dialect.name}`, { skip: dialect.skip }, () => {
    const { h, sim } = useNcalayerHarness(dialect.name);

    async function signStatement(b: Browser, key: DemoKeyId) {
      const page = await b.get(RESET);
      const csrf = csrfTokenOf(page.body);
      const issued = await b.post(`${RESET}/challenge`, { _csrf: csrf });
      assert.equal(issued.statusCode, 200);
      const { flow, data } = issued.json() as { flow: string; data: string };
      const statement = Buffer.from(data, 'base64');
      const cms = b64(signAs(sim.pki, 'gost', key, statement));
      return {
        flow,
        csrf,
        statement: statement.toString('utf8'),
        res: await b.post(RESET, { _csrf: csrf, flow, cms }),
      };
    }

    async function mailbox(to: string, template: string): Promise<string> {
      await h.services.worker.runOnce();
      const box = (await new Browser(h.app).get('/dev/mailbox')).body;
      const at = box.indexOf(`data-to="${to}" data-template="${template}"`);
      assert.ok(at >= 0, `a ${template} letter to ${to}`);
      return box.slice(at, box.indexOf('</article>', at));
    }

    test('the pages have the article’s texts', async () => {
      const page = await new Browser(h.app).get(RESET);
      for (const text of [
        'Сброс доступа через ЭЦП',
        'Настоящим сообщаем, что при регистрации в автоматизированной информационной системе app.recycle.kz указана электронная почта',
        'После подтверждения через ЭЦП ваши учетные данные будут обновлены, и вы будете перенаправлены на страницу смены пароля',
        'Подписать и сбросить',
        '← Назад',
      ])
        assert.ok(page.body.includes(text), text);
      const forgot = await new Browser(h.app).get('/r/recycle/signature/forgot');
      for (const text of [
        'Отправить ссылку на email',
        'Сбросить данные через ЭЦП',
        'Если вы забыли пароль, введите e-mail',
      ])
        assert.ok(forgot.body.includes(text), text);
    });

    test('an authentication key cannot sign the statement; a replayed statement is refused', async () => {
      const b = new Browser(h.app);
      const { flow, csrf, res } = await signStatement(b, 'individual');
      assert.equal(res.statusCode, 403);
      assert.ok(res.body.includes('Этот ключ не подходит'));
      const again = await b.post(RESET, { _csrf: csrf, flow, cms: 'AAAA' });
      assert.equal(again.statusCode, 409);
    });

    test('the whole reset: evidence, new password and email, the code, old email told, sessions ended', async () => {
      const before = new Browser(h.app);
      const signedIn = await before.submit('/r/recycle/login', '/r/recycle/login', {
        login: 'akhmetov',
        password: 'Kz!Eco#2026',
        consent_personal_data: 'on',
        consent_signature_liability: 'on',
      });
      assert.equal(signedIn.statusCode, 303);

      const b = new Browser(h.app);
      const { flow, statement, res } = await signStatement(b, 'signing');
      assert.equal(res.statusCode, 303, res.body.slice(0, 400));
      assert.equal(res.headers.location, `/r/recycle/signature/reset/new?flow=${flow}`);
      const evidence = await h.services.db.selectFrom('signature_evidence').selectAll().execute();
      assert.equal(evidence.length, 1);
      assert.equal(evidence[0]?.statement, statement);
      assert.equal(evidence[0]?.iin, '061211600012');
      assert.ok((evidence[0]?.cms.length ?? 0) > 500);

      const page = await b.get(String(res.headers.location));
      for (const text of [
        'Пароль должен быть минимум 8 символов.',
        'Обязательный верхний и нижний регистр, цифра, и специальные символы (! &quot; # $ % &amp; \\ &#39; () * + , - . / : ; &lt; = &gt; ? @ [\\] ^ _ &#96; { | } ~).',
        'Не рекомендуется использовать пароль, совпадающий с паролем от электронной цифровой подписи (ЭЦП)',
        'Подтвердить пароль',
        'Далее →',
      ])
        assert.ok(page.body.includes(text), text);
      const csrf = csrfTokenOf(page.body);
      const weak = await b.post('/r/recycle/signature/reset/new', {
        _csrf: csrf,
        flow,
        password: 'short',
        password2: 'short',
        email: 'new@demo.example',
      });
      assert.equal(weak.statusCode, 400);
      const badEmail = await b.post('/r/recycle/signature/reset/new', {
        _csrf: csrf,
        flow,
        password: 'Nov!Parol2026',
        password2: 'Nov!Parol2026',
        email: 'not-an-email',
      });
      assert.equal(badEmail.statusCode, 400);
      assert.ok(badEmail.body.includes('Неверный формат адреса электронной почты'));
      const good = await b.post('/r/recycle/signature/reset/new', {
        _csrf: csrf,
        flow,
        password: 'Nov!Parol2026',
        password2: 'Nov!Parol2026',
        email: 'akhmetov.new@demo.example',
      });
      assert.equal(good.statusCode, 303);
      const codePage = await b.get(String(good.headers.location));
      assert.ok(codePage.body.includes('Письмо с подтверждением успешно отправлено!'));
      assert.ok(codePage.body.includes('Введите код подтверждения'));
      assert.ok(
        codePage.body.includes(
          'Необходимо ввести код подтверждения, направленный на указанный адрес электронной почты',
        ),
      );

      const letter = await mailbox('akhmetov.new@demo.example', 'email_code');
      const code = /\b(\d{6})\b/.exec(letter)?.[1];
      assert.ok(code);
      const wrongCode = code === '000000' ? '111111' : '000000';
      const wrong = await b.post('/r/recycle/signature/reset/code', { _csrf: csrf, flow, code: wrongCode });
      assert.equal(wrong.statusCode, 400);
      assert.ok(wrong.body.includes('Неверный код подтверждения. Осталось попыток: 4.'));
      const junk = await b.post('/r/recycle/signature/reset/code', { _csrf: csrf, flow, code: 'abc' });
      assert.equal(junk.statusCode, 400);
      const done = await b.post('/r/recycle/signature/reset/code', { _csrf: csrf, flow, code });
      assert.equal(done.statusCode, 200);
      assert.ok(done.body.includes('Доступ восстановлен'));

      const person = await h.services.db
        .selectFrom('people')
        .selectAll()
        .where('login', '=', 'akhmetov')
        .executeTakeFirstOrThrow();
      assert.equal(person.email, 'akhmetov.new@demo.example');
      assert.ok(person.email_verified_at !== null);
      assert.equal((await before.get('/r/recycle/profile')).statusCode, 303, 'the old session has ended');
      await mailbox('tteniscent@demo.example', 'email_changed');
      await mailbox('tteniscent@demo.example', 'password_changed');
      const replay = await b.post('/r/recycle/signature/reset/code', { _csrf: csrf, flow, code });
      assert.equal(replay.statusCode, 410);
      const signIn = await new Browser(h.app).submit('/r/recycle/login', '/r/recycle/login', {
        login: 'akhmetov',
        password: 'Nov!Parol2026',
        consent_personal_data: 'on',
        consent_signature_liability: 'on',
      });
      assert.equal(signIn.statusCode, 303);
    });

    test('five wrong codes lock the reset', async () => {
      const b = new Browser(h.app);
      const { flow, res } = await signStatement(b, 'signing');
      assert.equal(res.statusCode, 303);
      const csrf = csrfTokenOf((await b.get(String(res.headers.location))).body);
      const sent = await b.post('/r/recycle/signature/reset/new', {
        _csrf: csrf,
        flow,
        password: 'Drug0y!Parol',
        password2: 'Drug0y!Parol',
        email: 'akhmetov.third@demo.example',
      });
      assert.equal(sent.statusCode, 303);
      const code = /\b(\d{6})\b/.exec(await mailbox('akhmetov.third@demo.example', 'email_code'))?.[1] ?? '';
      const wrongCode = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 4; i++)
        assert.equal(
          (await b.post('/r/recycle/signature/reset/code', { _csrf: csrf, flow, code: wrongCode }))
            .statusCode,
          400,
        );
      const last = await b.post('/r/recycle/signature/reset/code', { _csrf: csrf, flow, code: wrongCode });
      assert.equal(last.statusCode, 410);
      assert.ok(last.body.includes('Слишком много неверных кодов.'));
      const right = await b.post('/r/recycle/signature/reset/code', { _csrf: csrf, flow, code });
      assert.equal(right.statusCode, 410);
    });
  });
}
