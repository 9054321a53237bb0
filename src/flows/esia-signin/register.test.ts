/**
 * Registration through Gosuslugi (article 002's end) through HTTP against the simulator, on SQLite
 * and PostgreSQL: the three steps with their wording, a step skipped by URL, bad fields, a weak
 * password, «Назад», «Готово!» once, «Отлично!», the account usable both ways.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { esiaAddress, simulatorFor, walkSimulator } from '../../../test/support/esia.js';
import { Browser, type Harness, startHarness } from '../../../test/support/harness.js';
import type { RunningSimulator } from '../../esia/sim/start.js';

for (const dialect of DIALECTS) {
  describe(`registration through Gosuslugi on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let sim: RunningSimulator;
    before(async () => {
      h = await startHarness(dialect.name);
      sim = await simulatorFor(h);
    });
    after(async () => {
      await sim.close();
      await h.close();
    });

    test("the three steps with the article's wording, to «Отлично!»; steps skipped by URL and weak passwords refused", async () => {
      const b = new Browser(h.app);
      const region = /<option value="([^"]+)"/.exec(
        (await b.get('/r/dnevnik/esia/region')).body,
      )?.[1] as string;
      const start = await b.submit('/r/dnevnik/esia/region', '/r/dnevnik/esia/start', { region });
      const back = new URL(await walkSimulator(sim, esiaAddress(start), 'wizard'));
      const cb = await b.get(`${back.pathname}${back.search}`);
      assert.equal(cb.headers.location, '/r/dnevnik/esia/register/personal');
      const P = '/r/dnevnik/esia/register';

      const personal = await b.get(`${P}/personal`);
      for (const text of [
        'Личные данные',
        'Параметры безопасности',
        'Новый пароль',
        'Добро пожаловать',
        'Внимание! Если у вас уже создан профиль в Дневник.ру',
        'Анна Дмитриевна Зайцева',
        'Пол',
        'Дата рождения',
        'Далее',
      ])
        assert.ok(personal.body.includes(text), text);
      const skipped = await b.get(`${P}/password`);
      assert.equal(skipped.statusCode, 409);
      assert.match(skipped.body, /сначала заполните предыдущий/);
      const skippedPost = await b.submit(`${P}/personal`, `${P}/password`, {
        password: 'x',
        password2: 'x',
        accept: 'on',
      });
      assert.equal(skippedPost.statusCode, 409);

      const badDate = await b.submit(`${P}/personal`, `${P}/personal`, {
        gender: 'female',
        birthDate: '31.02.1987',
      });
      assert.equal(badDate.statusCode, 400);
      assert.equal(
        (await b.submit(`${P}/personal`, `${P}/personal`, { gender: 'female', birthDate: '1987-12-02' }))
          .headers.location,
        `${P}/security`,
      );

      const security = await b.get(`${P}/security`);
      for (const text of [
        'Укажите ваши email и номер мобильного телефона',
        'Эл. почта',
        'Я соглашусь получать информацию',
        'Мобильный телефон',
        '+7',
        'Назад',
      ])
        assert.ok(security.body.includes(text), text);
      const badEmail = await b.submit(`${P}/security`, `${P}/security`, {
        email: 'not-an-email',
        phone: '12',
      });
      assert.equal(badEmail.statusCode, 400);
      assert.match(badEmail.body, /aria-invalid="true" aria-describedby="email-error"/);
      assert.match(badEmail.body, /aria-describedby="phone-error"/);
      const backed = await b.submit(`${P}/security`, `${P}/security`, { back: '1', email: '', phone: '' });
      assert.equal(backed.headers.location, `${P}/personal`);
      await b.submit(`${P}/personal`, `${P}/personal`, { gender: 'female', birthDate: '1987-12-02' });
      const ok = await b.submit(`${P}/security`, `${P}/security`, {
        email: 'zaytseva@demo.example',
        phone: '(926) 000-00-13',
        news: 'on',
      });
      assert.equal(ok.headers.location, `${P}/password`);

      const password = await b.get(`${P}/password`);
      for (const text of [
        'Ваш логин для входа:',
        'annazaytseva',
        'В целях безопасности необходимо изменить временный пароль на постоянный',
        'Ваш новый пароль',
        'Повторите пароль',
        'Я принимаю условия Пользовательского соглашения',
        'Готово!',
      ])
        assert.ok(password.body.includes(text), text);
      const weak = await b.submit(`${P}/password`, `${P}/password`, {
        password: 'annazaytseva',
        password2: 'annazaytseva',
        accept: 'on',
      });
      assert.equal(weak.statusCode, 400);
      assert.match(weak.body, /aria-describedby="password-error"/);
      const noAccept = await b.submit(`${P}/password`, `${P}/password`, {
        password: 'Solnce-Luna-4817',
        password2: 'Solnce-Luna-4817',
      });
      assert.equal(noAccept.statusCode, 400);
      assert.match(noAccept.body, /Примите условия/);
      const mismatch = await b.submit(`${P}/password`, `${P}/password`, {
        password: 'Solnce-Luna-4817',
        password2: 'Solnce-Luna-4818',
        accept: 'on',
      });
      assert.equal(mismatch.statusCode, 400);
      const token = /name="_csrf" value="([^"]+)"/.exec((await b.get(`${P}/password`)).body)?.[1] as string;
      const done = await b.post(`${P}/password`, {
        _csrf: token,
        password: 'Solnce-Luna-4817',
        password2: 'Solnce-Luna-4817',
        accept: 'on',
      });
      // The SMS code to the wizard's number went at once (register-confirm.test.ts follows it).
      assert.match(
        String(done.headers.location),
        /^\/r\/dnevnik\/esia\/register\/done\?phone=[A-Za-z0-9_-]{22}$/,
      );
      const great = await b.get(String(done.headers.location));
      assert.match(great.body, /Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг./);
      assert.match(great.body, /Перейти в Дневник.ру/);
      const again = await b.post(`${P}/password`, {
        _csrf: token,
        password: 'Solnce-Luna-4817',
        password2: 'Solnce-Luna-4817',
        accept: 'on',
      });
      assert.ok(again.statusCode === 409 || again.statusCode === 400, String(again.statusCode));

      const profile = await b.get('/r/dnevnik/profile');
      assert.equal(profile.statusCode, 200);
      assert.match(profile.body, /annazaytseva/);
      assert.match(profile.body, /zaytseva@demo.example/);
      const byPassword = await new Browser(h.app).submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: 'annazaytseva',
        password: 'Solnce-Luna-4817',
      });
      assert.equal(byPassword.statusCode, 303);
      const events = (await h.services.audit.listForRealm('dnevnik', 50)).map((e) => e.action);
      assert.ok(events.includes('esia.registered'));
      const person = await h.services.people.findByLogin('dnevnik', 'annazaytseva');
      assert.equal(person?.email_verified_at, null, 'the email counts only once its letter comes back');
    });
  });
}
