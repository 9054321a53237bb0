/**
 * The registration through Gosuslugi confirms the email and phone it was given, on SQLite and
 * PostgreSQL, with the in-process SMTP server and the SMS gateway simulator: «Готово!» sends the
 * letter and the SMS code through the flows of «Настройки»; «Отлично!» says where they went and
 * links the code's page; the link and the code confirm them (until then they do not count for
 * recovery). A code over the SMS budget is not sent: the number stays unconfirmed and the page
 * says to confirm it later; a forged code flow in the address is not linked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { esiaAddress, simulatorFor, walkSimulator } from '../../../test/support/esia.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import { startSmsGateway, type TestSmsGateway } from '../../../test/support/sms-gateway.js';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.js';
import type { RunningSimulator } from '../../esia/sim/start.js';

const P = '/r/dnevnik/esia/register';
const EMAIL = 'zaytseva@demo.example';
const PHONE = '+79260000013';

/** Gosuslugi's «wizard» person through the three steps to «Готово!»; the answer to it. */
async function throughWizard(h: Harness, sim: RunningSimulator, b: Browser) {
  const region = /<option value="([^"]+)"/.exec((await b.get('/r/dnevnik/esia/region')).body)?.[1] as string;
  const start = await b.submit('/r/dnevnik/esia/region', '/r/dnevnik/esia/start', { region });
  const back = new URL(await walkSimulator(sim, esiaAddress(start), 'wizard'));
  assert.equal((await b.get(`${back.pathname}${back.search}`)).headers.location, `${P}/personal`);
  await b.submit(`${P}/personal`, `${P}/personal`, { gender: 'female', birthDate: '1987-12-02' });
  await b.submit(`${P}/security`, `${P}/security`, { email: EMAIL, phone: '(926) 000-00-13' });
  const done = await b.submit(`${P}/password`, `${P}/password`, {
    password: 'Solnce-Luna-4817',
    password2: 'Solnce-Luna-4817',
    accept: 'on',
  });
  assert.equal(done.statusCode, 303, done.body.slice(0, 300));
  await h.services.worker.runOnce();
  return String(done.headers.location);
}

for (const dialect of DIALECTS) {
  describe(`the wizard's email and phone confirmed on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let sim: RunningSimulator;
    let smtp: TestSmtp;
    let sms: TestSmsGateway;
    before(async () => {
      smtp = await startSmtp();
      sms = await startSmsGateway();
      h = await startHarness(dialect.name, {
        config: { ...sms.config, SMTP_URL: smtp.url, MAIL_FROM: 'noreply@propusk.test' },
      });
      sim = await simulatorFor(h);
    });
    after(async () => {
      await sim?.close();
      await h?.close();
      await sms?.close();
      await smtp?.close();
    });

    test('«Готово!» sends the letter and the SMS code; the link and the code confirm them', async () => {
      const b = new Browser(h.app);
      const location = await throughWizard(h, sim, b);
      const flow = /^\/r\/dnevnik\/esia\/register\/done\?phone=([A-Za-z0-9_-]{22})$/.exec(location)?.[1];
      assert.ok(flow, location);
      const great = await b.get(location);
      assert.match(great.body, /Отлично! Теперь Вы можете входить в Дневник.ру через портал госуслуг./);
      assert.match(great.body, /Мы отправили письмо на zaytseva@demo.example/);
      assert.match(great.body, /На номер \+79260000013 отправлено СМС с кодом подтверждения/);
      assert.ok(great.body.includes(`href="/r/dnevnik/settings/phone/code?flow=${flow}"`));
      assert.match(great.body, /Перейти в Дневник.ру/);

      let person = await h.services.people.findByLogin('dnevnik', 'annazaytseva');
      assert.equal(person?.email_verified_at, null);
      assert.equal(person?.phone_verified_at, null);

      // The SMS: its code on the page «Ввести код из СМС» leads to.
      const text = sms.lastTo(PHONE) ?? '';
      const code = /\b(\d{6})\b/.exec(text)?.[1];
      assert.ok(code, `no code in «${text}»`);
      const page = await b.get(`/r/dnevnik/settings/phone/code?flow=${flow}`);
      assert.equal(page.statusCode, 200);
      const wrong = await b.post('/r/dnevnik/settings/phone/code', {
        _csrf: csrfTokenOf(page.body),
        flow,
        code: code === '000000' ? '111111' : '000000',
      });
      assert.equal(wrong.statusCode, 400);
      const right = await b.post('/r/dnevnik/settings/phone/code', {
        _csrf: csrfTokenOf(page.body),
        flow,
        code,
      });
      assert.ok(right.statusCode < 400, `${right.statusCode} ${right.body.slice(0, 300)}`);

      // The letter: its link confirms the address.
      await smtp.waitFor(1);
      const letter = smtp.letters.filter((l) => l.envelopeTo.includes(EMAIL)).at(-1);
      assert.ok(letter, 'the confirmation letter arrived');
      const link = /https:\/\/propusk\.test(\/r\/dnevnik\/confirm\/email\/[^\s]+)/.exec(
        letter.parsed.text ?? '',
      )?.[1];
      assert.ok(link, letter.parsed.text);
      const confirmPage = await b.get(link);
      assert.equal(confirmPage.statusCode, 200);
      const confirmed = await b.post(link, { _csrf: csrfTokenOf(confirmPage.body) });
      assert.ok(confirmed.statusCode < 400, `${confirmed.statusCode}`);

      person = await h.services.people.findByLogin('dnevnik', 'annazaytseva');
      assert.notEqual(person?.email_verified_at, null, 'the email counts once its link is opened');
      assert.notEqual(person?.phone_verified_at, null, 'the phone counts once its code comes back');
      const events = (await h.services.audit.listForRealm('dnevnik', 100)).map((e) => e.action);
      for (const action of ['esia.registered', 'contact.email_confirmation_sent', 'contact.phone_code_sent'])
        assert.ok(events.includes(action), action);

      // Forged or someone else's flow ids in the address are not linked; the page still answers.
      for (const forged of ['x'.repeat(22), '../../etc', 'a'.repeat(500)]) {
        const res = await b.get(`${P}/done?phone=${encodeURIComponent(forged)}`);
        assert.equal(res.statusCode, 200, forged);
        assert.doesNotMatch(res.body, /settings\/phone\/code\?flow=/, forged);
      }
    });
  });

  describe(`the wizard's phone over the SMS budget on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let sim: RunningSimulator;
    let sms: TestSmsGateway;
    before(async () => {
      sms = await startSmsGateway();
      h = await startHarness(dialect.name, { config: { ...sms.config, SMS_CAP_PHONE_HOUR: 1 } });
      sim = await simulatorFor(h);
    });
    after(async () => {
      await sim?.close();
      await h?.close();
      await sms?.close();
    });

    test('no SMS is sent; the number is kept unconfirmed and «Отлично!» says to confirm it later', async () => {
      assert.ok(
        (await h.services.smsBudget.reserve({ realmId: 'dnevnik', phone: PHONE, ip: '203.0.113.9' })).allowed,
      );
      const b = new Browser(h.app);
      const location = await throughWizard(h, sim, b);
      assert.equal(location, `${P}/done`);
      assert.equal(sms.lastTo(PHONE), null);
      const great = await b.get(location);
      assert.match(great.body, /Номер \+79260000013 сохранён, но СМС с кодом сейчас отправить нельзя/);
      assert.ok(great.body.includes('href="/r/dnevnik/settings/phone"'));
      const person = await h.services.people.findByLogin('dnevnik', 'annazaytseva');
      assert.equal(person?.phone, PHONE);
      assert.equal(person?.phone_verified_at, null);
    });
  });
}
