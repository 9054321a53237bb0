/**
 * Attacks on registration, on SQLite and PostgreSQL: a run of guessed codes (on the code page
 * and under «Дети») stopped per IP address; missing and forged CSRF tokens; a flow opened from
 * another browser, after its hour, at another school or realm, or with a forged id; the flow's
 * own code voided or used after it was entered. Each ends in a 4xx with a message, nothing
 * half-written, and never a 500. Races and odd input are in registration.races.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf } from '../../../test/support/harness.js';
import {
  enterCode,
  fieldErrorOf,
  flowStateOf,
  HELLO,
  invitationStatusOf,
  issueCode,
  parentFields,
  pendingStudent,
  registrationSuite,
  startRegistration,
  submitAccount,
  visitorsFrom,
} from '../../../test/support/registration.js';
import { MINUTE } from '../../core/clock.js';
import { BROWSER_COOKIE } from '../../core/flows/browser.js';
import { CODE_FAILURES_PER_IP, CODE_LOOKUPS_PER_IP } from './code-guesses.js';
import { FLOW_TTL_MS } from './machine.js';

const GONE = 'Регистрация не найдена: возможно, она начата в другом браузере или уже завершена.';
const EXPIRED = 'Время на регистрацию истекло. Введите приглашительный код ещё раз.';
const LOST = 'Приглашительный код больше не действует';

/** The text of the page's notice, or null. */
function noticeOf(body: string): string | null {
  return /<div class="notice notice-\w+"[^>]*>([\s\S]*?)<\/div>/.exec(body)?.[1]?.trim() ?? null;
}

for (const dialect of DIALECTS) {
  describe(`registration security on ${dialect.name}`, { skip: dialect.skip }, () => {
    const suite = registrationSuite(dialect.name);
    const visitor = visitorsFrom('192.0.2', () => suite().app);

    test('a run of guessed codes is stopped per IP address; another address is not', async () => {
      const { h, orgId } = suite();
      const student = await pendingStudent(h.services, orgId);
      const { code, invitationId } = await issueCode(h.services, student.id, 'st');
      const { b, ip } = visitor();
      for (let i = 0; i < CODE_FAILURES_PER_IP; i++) {
        const res = await enterCode(b, `pt${String(i).padStart(7, '0')}`);
        assert.equal(res.statusCode, 400, `guess ${i}`);
      }
      // Past the limit even the right code is refused, and nothing is started.
      const stopped = await enterCode(b, code);
      assert.equal(stopped.statusCode, 429);
      assert.ok(Number(stopped.headers['retry-after']) > 0);
      assert.match(
        noticeOf(stopped.body) ?? '',
        /^Слишком много неверных кодов\. Повторите попытку через \d+ мин\./,
      );
      assert.equal(await invitationStatusOf(h.services, invitationId), 'active');
      const throttled = (await h.services.audit.listForRealm('eljur', 100)).filter(
        (e) => e.action === 'invitation.rejected' && e.ip === ip,
      );
      assert.equal(throttled.filter((e) => e.detail.reason === 'unknown').length, CODE_FAILURES_PER_IP);
      assert.equal(throttled.filter((e) => e.detail.reason === 'throttled').length, 1);

      const elsewhere = visitor();
      assert.equal((await enterCode(elsewhere.b, code)).statusCode, 303);
    });

    test('guesses sent all at once are bounded as well', async () => {
      const { h } = suite();
      const { b, ip } = visitor();
      const csrf = csrfTokenOf((await b.get(HELLO)).body);
      const burst = CODE_LOOKUPS_PER_IP + 10;
      const answers = await Promise.all(
        Array.from({ length: burst }, (_, i) =>
          b.post(HELLO, { _csrf: csrf, code: `ar${String(i).padStart(7, '0')}` }),
        ),
      );
      const statuses = answers.map((r) => r.statusCode);
      assert.ok(
        statuses.every((s) => s === 400 || s === 429),
        statuses.join(),
      );
      assert.ok(statuses.filter((s) => s === 429).length >= burst - CODE_LOOKUPS_PER_IP);
      const looked = (await h.services.audit.listForRealm('eljur', 1000)).filter(
        (e) => e.action === 'invitation.rejected' && e.ip === ip && e.detail.reason === 'unknown',
      );
      assert.ok(looked.length <= CODE_LOOKUPS_PER_IP, `${looked.length} lookups`);
    });

    test('guesses under «Дети» count against the same limit', async () => {
      const { h, app, orgId } = suite();
      const student = await pendingStudent(h.services, orgId);
      const { code } = await issueCode(h.services, student.id, 'pt');
      const later = await pendingStudent(h.services, orgId);
      const laterCode = await issueCode(h.services, later.id, 'st');
      const { b, headers } = visitor();
      const { accountUrl } = await startRegistration(b, code);
      const guesses = (from: number): string[] =>
        Array.from({ length: 6 }, (_, i) => `pt${String(from + i).padStart(7, '0')}`);
      const first = await submitAccount(app, b, accountUrl, parentFields('guesser.one'), guesses(0), {
        headers,
      });
      assert.equal(first.statusCode, 400);
      const second = await submitAccount(app, b, accountUrl, parentFields('guesser.one'), guesses(6), {
        headers,
      });
      assert.equal(second.statusCode, 429);
      assert.ok(Number(second.headers['retry-after']) > 0);
      assert.match(noticeOf(second.body) ?? '', /^Слишком много неверных кодов/);
      const failures = (await h.services.audit.listForRealm('eljur', 200)).filter(
        (e) =>
          e.action === 'invitation.rejected' && e.detail.step === 'children' && e.detail.reason === 'unknown',
      );
      assert.equal(failures.length, CODE_FAILURES_PER_IP, 'not one guess past the limit');
      assert.equal((await enterCode(b, laterCode.code)).statusCode, 429, 'the code page too');
      assert.equal(await h.services.people.findByLogin('eljur', 'guesser.one'), null);
    });

    test('a missing or forged CSRF token is refused on both forms, and nothing is written', async () => {
      const { h, app, orgId } = suite();
      const student = await pendingStudent(h.services, orgId);
      const { code, invitationId } = await issueCode(h.services, student.id, 'st');
      const { b, headers } = visitor();
      await b.get(HELLO);
      for (const fields of [{ code }, { code, _csrf: 'forged' }] as Record<string, string>[]) {
        const res = await b.post(HELLO, fields);
        assert.equal(res.statusCode, 403);
        assert.ok(res.body.includes('Страница устарела'));
      }
      const { accountUrl, flowId } = await startRegistration(b, code);
      const account = { login: 'csrf.victim', password: 'VysokayaGora12', password2: 'VysokayaGora12' };
      for (const csrf of [null, 'forged', csrfTokenOf((await new Browser(app).get(HELLO)).body)]) {
        const res = await submitAccount(app, b, accountUrl, account, [], { csrf, headers });
        assert.equal(res.statusCode, 403, String(csrf));
      }
      assert.equal(await h.services.people.findByLogin('eljur', 'csrf.victim'), null);
      assert.equal(await invitationStatusOf(h.services, invitationId), 'active');
      assert.equal(await flowStateOf(h.services, flowId), 'code_ok');
    });

    test('a flow opens only in the browser that entered the code, at its school and realm', async () => {
      const { h, app, orgId } = suite();
      const { services } = h;
      const student = await pendingStudent(services, orgId);
      const { code, invitationId } = await issueCode(services, student.id, 'st');
      const { b, headers } = visitor();
      const { accountUrl, flowId } = await startRegistration(b, code);
      const fields = { login: 'stolen.flow', password: 'VysokayaGora12', password2: 'VysokayaGora12' };

      // Another browser with the flow id: no such registration, on GET and POST.
      const other = new Browser(app, headers);
      const seen = await other.get(accountUrl);
      assert.equal(seen.statusCode, 404);
      assert.ok(noticeOf(seen.body)?.startsWith(GONE));
      const otherCsrf = csrfTokenOf((await other.get(HELLO)).body);
      const posted = await submitAccount(app, other, accountUrl, fields, [], { csrf: otherCsrf, headers });
      assert.equal(posted.statusCode, 404);
      // A made-up cookie does no better.
      const forged = new Browser(app, headers);
      forged.cookies.set(BROWSER_COOKIE, 'A'.repeat(43));
      assert.equal((await forged.get(accountUrl)).statusCode, 404);
      // Nor a forged or over-long flow id in the right browser.
      for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', 'x'.repeat(5000), '']) {
        assert.equal((await b.get(`${HELLO}/account?flow=${id}`)).statusCode, 404, id.slice(0, 10));
      }

      // Another school of the realm: neither the flow nor the code.
      const school = await services.organisations.create({
        realmId: 'eljur',
        kind: 'school',
        name: 'ГБОУ СОШ № 88',
        slug: '88',
      });
      assert.ok(school.id);
      assert.equal((await b.get(`/r/eljur/s/88/hello/account?flow=${flowId}`)).statusCode, 404);
      const elsewhere = await enterCode(b, code, '/r/eljur/s/88/hello');
      assert.equal(elsewhere.statusCode, 400);
      assert.ok(fieldErrorOf(elsewhere.body, 'code')?.startsWith('Этот код выдан в другой школе.'));

      // Another realm of the same preset, with a school of the same slug: nothing is shared.
      await services.realms.create({ id: 'eljur-two', name: 'ЭлЖур 2', preset: 'eljur' });
      await services.organisations.create({
        realmId: 'eljur-two',
        kind: 'school',
        name: 'Школа № 1399',
        slug: '1399',
      });
      assert.equal((await b.get(`/r/eljur-two/s/1399/hello/account?flow=${flowId}`)).statusCode, 404);
      const foreign = await enterCode(b, code, '/r/eljur-two/s/1399/hello');
      assert.equal(foreign.statusCode, 400);
      assert.equal(
        fieldErrorOf(foreign.body, 'code'),
        'Неверный код приглашения. Проверьте, корректно ли введен выданный код.',
      );

      // The owner still can.
      const res = await submitAccount(app, b, accountUrl, fields, [], { headers });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.equal(await invitationStatusOf(services, invitationId), 'used');
    });

    test('a leaked flow id continues nothing in another browser: form, login check, last page', async () => {
      const { h, app, orgId } = suite();
      const { services } = h;
      const student = await pendingStudent(services, orgId);
      const { code, invitationId } = await issueCode(services, student.id, 'st');
      const { b, headers } = visitor();
      const { accountUrl, flowId } = await startRegistration(b, code);
      // The engine keeps the keyed hash of this browser's token, never the token.
      const row = await services.db
        .selectFrom('flows')
        .select('browser_hash')
        .where('id', '=', flowId)
        .executeTakeFirstOrThrow();
      const token = b.cookies.get(BROWSER_COOKIE) ?? '';
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(row.browser_hash && !row.browser_hash.includes(token));

      // Someone with the id (a shared screen, a proxy log) and a browser of their own.
      const thief = new Browser(app, headers);
      const fields = { login: 'leaked.flow', password: 'VysokayaGora12', password2: 'VysokayaGora12' };
      const csrf = csrfTokenOf((await thief.get(HELLO)).body);
      assert.equal((await thief.get(accountUrl)).statusCode, 404);
      assert.equal(
        (await submitAccount(app, thief, accountUrl, fields, [], { csrf, headers })).statusCode,
        404,
      );
      const check = await thief.get(`${HELLO}/login?flow=${flowId}&login=nikolaeva.v`, {
        accept: 'application/json',
      });
      assert.equal(check.statusCode, 404);
      assert.equal((check.json() as { available: boolean }).available, false);
      assert.ok(!check.body.includes('занят'));
      assert.equal((await thief.get(`${HELLO}/done?flow=${flowId}`)).statusCode, 404);
      assert.equal(await h.services.people.findByLogin('eljur', 'leaked.flow'), null);
      assert.equal(await flowStateOf(services, flowId), 'code_ok');

      // The owner finishes; the finished registration is not shown to the other browser either.
      assert.equal((await submitAccount(app, b, accountUrl, fields, [], { headers })).statusCode, 303);
      assert.equal(await invitationStatusOf(services, invitationId), 'used');
      assert.equal((await b.get(`${HELLO}/done?flow=${flowId}`)).statusCode, 200);
      const after = await thief.get(`${HELLO}/done?flow=${flowId}`);
      assert.equal(after.statusCode, 404);
      assert.ok(!after.body.includes('leaked.flow'));
    });

    test('a flow lasts an hour', async () => {
      const { h, app, orgId } = suite();
      const student = await pendingStudent(h.services, orgId);
      const { code, invitationId } = await issueCode(h.services, student.id, 'st');
      const { b, headers } = visitor();
      const { accountUrl } = await startRegistration(b, code);
      const csrf = csrfTokenOf((await b.get(accountUrl)).body);
      h.clock.advance(FLOW_TTL_MS + MINUTE);
      const seen = await b.get(accountUrl);
      assert.equal(seen.statusCode, 410);
      assert.equal(noticeOf(seen.body), EXPIRED);
      assert.ok(seen.body.includes('Ввести код заново'));
      const posted = await submitAccount(
        app,
        b,
        accountUrl,
        { login: 'too.late', password: 'VysokayaGora12', password2: 'VysokayaGora12' },
        [],
        { csrf, headers },
      );
      assert.equal(posted.statusCode, 410);
      assert.equal(await h.services.people.findByLogin('eljur', 'too.late'), null);
      // The code itself is still good: the person enters it again.
      assert.equal(await invitationStatusOf(h.services, invitationId), 'active');
      assert.equal((await enterCode(b, code)).statusCode, 303);
    });

    test('the flow’s code voided or used after it was entered ends the flow', async () => {
      const { h, app, orgId } = suite();
      const { services } = h;
      const first = await pendingStudent(services, orgId);
      const voided = await issueCode(services, first.id, 'st');
      const { b, headers } = visitor();
      const one = await startRegistration(b, voided.code);
      await issueCode(services, first.id, 'st'); // a re-printed invitation voids the old code
      const seen = await b.get(one.accountUrl);
      assert.equal(seen.statusCode, 410);
      assert.ok(noticeOf(seen.body)?.startsWith(LOST));

      const second = await pendingStudent(services, orgId);
      const used = await issueCode(services, second.id, 'st');
      const two = await startRegistration(b, used.code);
      const csrf = csrfTokenOf(two.page.body);
      await services.invitations.consume(services.db, used.invitationId, second.id);
      const res = await submitAccount(
        app,
        b,
        two.accountUrl,
        { login: 'used.meanwhile', password: 'VysokayaGora12', password2: 'VysokayaGora12' },
        [],
        { csrf, headers },
      );
      assert.equal(res.statusCode, 410);
      assert.equal(await services.people.findByLogin('eljur', 'used.meanwhile'), null);
    });
  });
}
