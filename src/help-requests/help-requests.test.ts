/**
 * «Заявка на восстановление доступа» on SQLite and PostgreSQL: the public form (the same answer
 * whoever asks, every bad field a localised 400, the captcha, the throttle's 429), the status by
 * number, the curator's queue and its actions (checklist first, show the login, a temporary
 * password's sheet, closing with an outcome, all audited), a curator of another school gets 404,
 * and support sees counts, ages and states — no personal data on any page it can reach.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../test/support/harness.js';

const FORM = '/r/dnevnik/help';

function fieldErrorOf(body: string, field: string): string | null {
  return (
    new RegExp(`<p class="field-error" id="${field}-error"[^>]*>([^<]*)</p>`).exec(body)?.[1]?.trim() ?? null
  );
}

for (const dialect of DIALECTS) {
  describe(`access-help requests on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let ipCounter = 0;

    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    async function send(fields: Record<string, string>, ip = `10.9.0.${++ipCounter}`) {
      const b = new Browser(h.app, { 'x-forwarded-for': ip });
      const page = await b.get(`${FORM}?school=1535`);
      const captchaId = /name="captcha_id" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      return b.post(FORM, {
        _csrf: csrfTokenOf(page.body),
        school: '1535',
        lastName: 'Волкова',
        firstName: 'Екатерина',
        middleName: '',
        className: '9Б',
        role: 'student',
        contact: '+7 953 354-12-34',
        reason: 'no_contact',
        captcha_id: captchaId,
        captcha: h.services.captcha.revealForTests?.(captchaId) ?? '',
        ...fields,
      });
    }

    const numberOf = (body: string): string =>
      /<p class="help-number"><strong>([\d-]+)<\/strong>/.exec(body)?.[1] ?? '';

    async function signIn(login: string, password: string): Promise<Browser> {
      const b = new Browser(h.app);
      const res = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', { login, password });
      assert.equal(res.statusCode, 303, login);
      return b;
    }

    test('the same answer whoever asks; the status by number', async () => {
      const real = await send({});
      const nobody = await send({ lastName: 'Несуществующая', firstName: 'Персона' });
      assert.equal(real.statusCode, 200);
      assert.equal(nobody.statusCode, 200);
      const a = numberOf(real.body);
      const b = numberOf(nobody.body);
      assert.match(a, /^\d{4}-\d{4}-\d{4}$/);
      assert.equal(
        real.body.replaceAll(a, 'N').replace(/value="[^"]*"/g, ''),
        nobody.body.replaceAll(b, 'N').replace(/value="[^"]*"/g, ''),
      );
      const status = await h.app.inject({ url: `/r/dnevnik/help/status?number=${a}` });
      assert.equal(status.statusCode, 200);
      assert.ok(status.body.includes('принята, ждёт куратора'));
      assert.ok(!status.body.includes('Волкова'));
      assert.equal(
        (await h.app.inject({ url: '/r/dnevnik/help/status?number=0000-0000-0000' })).statusCode,
        404,
      );
      assert.equal((await h.app.inject({ url: '/r/dnevnik/help/status?number=abc' })).statusCode, 400);
      assert.equal(
        (await h.app.inject({ url: `/r/eljur/help/status?number=${a}` })).statusCode,
        404,
        'another realm',
      );
    });

    test('every bad field: a localised 400; the throttle: 429 with Retry-After', async () => {
      const cases: [Record<string, string>, string, string][] = [
        [{ lastName: '' }, 'lastName', 'Заполните это поле'],
        [{ firstName: 'Kate1' }, 'firstName', 'Только буквы, пробел, дефис и апостроф'],
        [{ school: '99999' }, 'school', 'Школа не найдена: укажите номер школы, как на её странице'],
        [{ className: 'девятый' }, 'className', 'Класс пишется как «6А» или «11Б»'],
        [{ contact: '' }, 'contact', 'Заполните это поле'],
        [{ role: 'admin' }, 'role', 'Выберите из списка'],
        [{ reason: 'boredom' }, 'reason', 'Выберите из списка'],
        [{ captcha: '000000' }, 'captcha', 'Символы с картинки введены неверно. Попробуйте ещё раз'],
        [{ contact: 'x'.repeat(300) }, 'contact', 'Слишком длинное значение'],
      ];
      for (const [fields, field, message] of cases) {
        const res = await send(fields);
        assert.equal(res.statusCode, 400, JSON.stringify(fields).slice(0, 60));
        const got = fieldErrorOf(res.body, field);
        if (field === 'captcha') assert.ok(got !== null, 'captcha message');
        else assert.equal(got, message, field);
      }
      const ip = '10.8.8.8';
      for (let i = 0; i < 5; i++) assert.equal((await send({}, ip)).statusCode, 200);
      const sixth = await send({}, ip);
      assert.equal(sixth.statusCode, 429);
      assert.ok(Number(sixth.headers['retry-after']) > 0);
      assert.ok(sixth.body.includes('Слишком много заявок с этого адреса'));
    });

    test("the curator's queue: checklist first, login, temporary password, close; another school 404", async () => {
      const sent = await send({ contact: 'мама, +7 900 111-22-33' });
      const number = numberOf(sent.body);
      const admin = await signIn('admin1535', 'Direktor-2026');
      const queue = await admin.get('/r/dnevnik/desk/1535/help');
      assert.equal(queue.statusCode, 200);
      assert.ok(queue.body.includes(number));
      const page = `/r/dnevnik/desk/1535/help/${number}`;
      const view = await admin.get(page);
      assert.equal(view.statusCode, 200);
      assert.ok(view.body.includes('мама, +7 900 111-22-33'));
      const volkova = await h.services.people.findByLogin('dnevnik', 'ekaterinavolkov');
      assert.ok(volkova);
      assert.ok(view.body.includes(`data-person="${volkova.id}"`), 'the matching profile');
      const early = await admin.submit(page, `${page}/login`, { person: volkova.id });
      assert.equal(early.statusCode, 409);
      assert.ok(early.body.includes('Сначала отметьте, что личность подтверждена по документу.'));
      const ticked = await admin.submit(page, `${page}/checklist`, { check: 'identity_document' });
      assert.equal(ticked.statusCode, 200);
      const bad = await admin.submit(page, `${page}/checklist`, { check: 'bribe' });
      assert.equal(bad.statusCode, 400);
      const shown = await admin.submit(page, `${page}/login`, { person: volkova.id });
      assert.equal(shown.statusCode, 200);
      assert.ok(shown.body.includes('<code class="shown-login">ekaterinavolkov</code>'));
      const stranger = await h.services.people.findByLogin('dnevnik', 'novikov.artem');
      assert.equal(
        (await admin.submit(page, `${page}/login`, { person: stranger?.id ?? '' })).statusCode,
        404,
      );
      const sheet = await admin.submit(page, `${page}/password`, { person: volkova.id });
      assert.equal(sheet.statusCode, 200);
      assert.ok(sheet.body.includes('ekaterinavolkov'));
      const after = await h.services.people.findById('dnevnik', volkova.id);
      assert.equal(after?.password_must_change, 1);
      assert.equal((await admin.submit(page, `${page}/close`, { outcome: 'won' })).statusCode, 400);
      const closed = await admin.submit(page, `${page}/close`, { outcome: 'password_set' });
      assert.equal(closed.statusCode, 200);
      assert.ok(closed.body.includes('Заявка закрыта.'));
      assert.equal(
        (await admin.submit('/r/dnevnik/desk/1535', `${page}/close`, { outcome: 'password_set' })).statusCode,
        409,
      );
      const status = await h.app.inject({ url: `/r/dnevnik/help/status?number=${number}` });
      assert.ok(status.body.includes(': закрыта.'));
      const actions = (await h.services.audit.listForRealm('dnevnik', 500))
        .filter((e) => e.detail.number === number)
        .map((e) => e.action);
      assert.deepEqual(actions.sort(), ['help.checked', 'help.closed', 'help.login_shown', 'help.requested']);
      const curator = await signIn('curator.perm12', 'Kurator-Perm-12');
      assert.equal((await curator.get(`/r/dnevnik/desk/perm-12/help/${number}`)).statusCode, 404);
      assert.equal((await curator.get(page)).statusCode, 404);
      const queue12 = await curator.get('/r/dnevnik/desk/perm-12/help');
      assert.ok(!queue12.body.includes(number));
    });

    test('support: counts, ages and states, and nothing personal on any page it can reach', async () => {
      const sent = await send({
        lastName: 'Тайнова',
        firstName: 'Секретина',
        className: '6А',
        contact: 'tajnova@private.example',
      });
      const number = numberOf(sent.body);
      const support = await signIn('support.desk', 'Podderzhka-77');
      const queue = await support.get('/r/dnevnik/support');
      assert.equal(queue.statusCode, 200);
      assert.ok(queue.body.includes(number) && queue.body.includes('ГБОУ Школа № 1535'));
      const pages = [
        '/r/dnevnik/support',
        '/r/dnevnik/desk',
        '/r/dnevnik/desk/1535',
        '/r/dnevnik/desk/1535/help',
        `/r/dnevnik/desk/1535/help/${number}`,
        '/r/dnevnik/desk/perm-12/help',
        '/r/dnevnik/desk/1535/audit',
        `/r/dnevnik/help/status?number=${number}`,
        '/r/dnevnik/help',
      ];
      const personal = [
        'Тайнова',
        'Секретина',
        'tajnova@private.example',
        'Волкова',
        'ekaterinavolkov',
        '+7 953',
        'мама,',
        '9Б',
      ];
      for (const url of pages) {
        const res = await support.get(url);
        assert.ok([200, 403].includes(res.statusCode), `${url}: ${res.statusCode}`);
        for (const word of personal) assert.ok(!res.body.includes(word), `${url} shows ${word}`);
      }
      const student = await signIn('petrov.misha', 'Raketa-7731');
      assert.equal((await student.get('/r/dnevnik/support')).statusCode, 403);
    });
  });
}
