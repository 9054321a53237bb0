/**
 * The desk's invitation codes through HTTP, on SQLite and PostgreSQL: for one person and for a
 * class (found active by the store, re-issue voids, one `.invitation` per student, audited, never
 * issued by GET or without CSRF).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DIALECTS } from '../../../test/support/databases.js';
import {
  errorMessageOf,
  fieldErrorOf,
  ORG,
  PASSWORD,
  PRINT,
  REGISTRATION_URL,
  rowOf,
  sheetsOf,
  useDesk,
} from '../../../test/support/desk.js';
import { csrfTokenOf, type Harness } from '../../../test/support/harness.js';

for (const dialect of DIALECTS) {
  describe(`curator desk on ${dialect.name}: invitation codes`, { skip: dialect.skip }, () => {
    const { harness, curator, personId, classId, invitationCount, peopleCount, auditOf, print } = useDesk(
      dialect.name,
    );
    let h: Harness;
    let app: FastifyInstance;
    before(() => {
      h = harness();
      app = h.app;
    });

    describe('invitation codes', () => {
      test('a code for a pending student: printed once, found active, audited; re-issue voids it', async () => {
        const b = await curator();
        const dasha = await personId('eljur', 'Смирнова', 'Дарья');
        const curatorId = await personId('eljur', 'Белов', 'Андрей');

        const first = await print(b, { person: dasha, prefix: 'st' });
        assert.equal(first.statusCode, 200);
        const [sheet, ...more] = sheetsOf(first.body);
        assert.ok(sheet);
        assert.equal(more.length, 0);
        assert.equal(sheet.person, dasha);
        assert.equal(sheet.forWhom, 'Ученику (6А)');
        assert.equal(sheet.name, 'Смирнова Д');
        assert.match(sheet.code, /^st[a-z0-9]{7}$/);
        assert.match(sheet.text, /<p class="greeting">Приветствуем вас!<\/p>/);
        assert.match(sheet.text, /Для начала работы в системе необходимо зарегистрироваться\./);
        assert.ok(
          sheet.text.includes(`Адрес для регистрации:<br><span class="url">${REGISTRATION_URL}</span>`),
        );
        assert.match(sheet.text, /Ваш приглашительный код:<br><span class="code">st/);
        assert.ok(first.body.includes('Коды показаны только на этой странице и только один раз.'));
        assert.match(first.body, /<strong class="print-button">Печать<\/strong>: нажмите Ctrl\+P/);
        assert.ok(!/<script/i.test(first.body), 'no script');
        assert.ok(!/style=/i.test(first.body), 'no inline style');
        assert.match(String(first.headers['cache-control']), /no-store/);

        const found = await h.services.invitations.lookup('eljur', sheet.code);
        assert.equal(found.status, 'active');
        assert.ok(found.status === 'active');
        assert.equal(found.invitation.person_id, dasha);
        assert.equal(found.invitation.prefix, 'st');
        assert.equal(found.invitation.issued_by, curatorId);
        assert.equal((await h.services.invitations.lookup('dnevnik', sheet.code)).status, 'unknown');

        const issued = await auditOf('invitation.issued', dasha);
        assert.equal(issued.length, 1);
        assert.equal(issued[0]?.actorId, curatorId);
        assert.equal(issued[0]?.detail.prefix, 'st');
        assert.equal((await auditOf('invitation.printed', dasha)).length, 1);

        const page = await b.get(ORG);
        assert.match(rowOf(page.body, dasha), /выдан код st/);

        const second = await print(b, { person: dasha, prefix: 'st' });
        assert.equal(second.statusCode, 200);
        const [again] = sheetsOf(second.body);
        assert.ok(again);
        assert.notEqual(again.code, sheet.code);
        assert.ok(second.body.includes('Прежних кодов отменено: 1.'));
        assert.equal((await h.services.invitations.lookup('eljur', sheet.code)).status, 'void');
        assert.equal((await h.services.invitations.lookup('eljur', again.code)).status, 'active');
        assert.equal((await auditOf('invitation.voided', dasha)).length, 1);

        // The codes themselves are in no audit detail and no log line.
        const everything = JSON.stringify(await h.services.audit.listForRealm('eljur', 1000));
        assert.ok(!everything.includes(sheet.code) && !everything.includes(again.code));
        assert.ok(!h.logs().includes(sheet.code) && !h.logs().includes(again.code));
      });

      test('parents’ code on the child’s name, a teacher’s code, and the refusals', async () => {
        const b = await curator();
        const vera = await personId('eljur', 'Николаева', 'Вера');
        const parents = await print(b, { person: vera, prefix: 'pt' });
        assert.equal(parents.statusCode, 200);
        const [pt] = sheetsOf(parents.body);
        assert.ok(pt);
        assert.equal(pt.forWhom, 'Родителям (6А)');
        assert.equal(pt.name, 'Николаева В');
        assert.match(pt.code, /^pt[a-z0-9]{7}$/);
        const found = await h.services.invitations.lookup('eljur', pt.code);
        assert.ok(found.status === 'active');
        assert.equal(found.invitation.person_id, vera, 'issued on the child’s name');

        const kuzmina = await personId('eljur', 'Кузьмина', 'Анна');
        const teacher = await print(b, { person: kuzmina, prefix: 'tr' });
        assert.equal(teacher.statusCode, 200);
        const [tr] = sheetsOf(teacher.body);
        assert.equal(tr?.forWhom, 'Сотруднику');
        assert.equal(tr?.name, 'Кузьмина А');
        assert.match(tr?.code ?? '', /^tr[a-z0-9]{7}$/);

        const before = await invitationCount();
        const dasha = await personId('eljur', 'Смирнова', 'Дарья');
        const refusals: [Record<string, string>, number, string][] = [
          [
            { person: vera, prefix: 'st' },
            409,
            'Этот человек уже зарегистрирован, приглашительный код ему не нужен. Если он не может войти, выдайте временный пароль.',
          ],
          [{ person: dasha, prefix: 'tr' }, 409, 'Код «tr» выдаётся только учителю.'],
          [
            { person: kuzmina, prefix: 'st' },
            409,
            'Коды «st» и «pt» выдаются только на имя ученика этой организации.',
          ],
          [{ person: dasha, prefix: 'ar' }, 409, 'Код «ar» выдаётся только сотруднику или администратору.'],
          [{ person: dasha, prefix: 'xx' }, 400, 'Неизвестный вид приглашительного кода.'],
          [{ person: dasha }, 400, 'Неизвестный вид приглашительного кода.'],
          [{ person: 'nobody', prefix: 'st' }, 404, 'Такого человека нет в этой организации.'],
          [{ person: 'x'.repeat(500), prefix: 'st' }, 404, 'Такого человека нет в этой организации.'],
          [{ class: 'nope', for: 'st' }, 404, 'Такого класса нет в этой организации.'],
          [
            { class: await classId('eljur', '1399', '6А'), for: 'tr' },
            400,
            'Неизвестный вид приглашительного кода.',
          ],
          [
            { class: await classId('dnevnik', '1535', '6А'), for: 'st' },
            404,
            'Такого класса нет в этой организации.',
          ],
        ];
        for (const [fields, status, message] of refusals) {
          const res = await print(b, fields);
          assert.equal(res.statusCode, status, JSON.stringify(fields).slice(0, 80));
          assert.equal(errorMessageOf(res.body), message, JSON.stringify(fields).slice(0, 80));
          assert.equal(sheetsOf(res.body).length, 0);
        }
        // Neither a person nor a class, or both: a plain 400.
        const neither: Record<string, string>[] = [
          {},
          { person: dasha, prefix: 'st', class: 'x', for: 'st' },
        ];
        for (const fields of neither) {
          assert.equal((await print(b, fields)).statusCode, 400);
        }
        assert.equal(await invitationCount(), before, 'no refusal issued anything');
      });

      test('repeated fields: a print or password form is a 400, the profile form names the field', async () => {
        const b = await curator();
        const token = csrfTokenOf((await b.get(ORG)).body);
        const post = (url: string, body: string) =>
          app.inject({
            method: 'POST',
            url,
            payload: `_csrf=${encodeURIComponent(token)}&${body}`,
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieHeader() },
          });
        const before = await invitationCount();
        const dasha = await personId('eljur', 'Смирнова', 'Дарья');
        for (const body of [
          `person=${dasha}&person=${dasha}&prefix=st`,
          `person=${dasha}&prefix=st&prefix=pt`,
        ]) {
          assert.equal((await post(PRINT, body)).statusCode, 400, body);
        }
        const orlov = await personId('eljur', 'Орлов', 'Глеб');
        const password = await post(PASSWORD, `person=${orlov}&person=${orlov}`);
        assert.equal(password.statusCode, 404);
        assert.equal(errorMessageOf(password.body), 'Такого человека нет в этой организации.');
        assert.equal(await invitationCount(), before);

        const people = await peopleCount();
        const form = await post(
          `${ORG}/people/new`,
          `last_name=A&last_name=B&first_name=Олег&login=kozlov.oleg&role=staff&middle_name=${'я'.repeat(1001)}`,
        );
        assert.equal(form.statusCode, 400);
        assert.equal(
          fieldErrorOf(form.body, 'last_name'),
          'Поле передано несколько раз: отправьте форму ещё раз со страницы',
        );
        assert.equal(fieldErrorOf(form.body, 'middle_name'), 'Слишком длинное значение');
        assert.ok(form.body.length < 30_000, 'the long value is not echoed in full');
        assert.equal(await peopleCount(), people);
      });

      test('printing a class: one invitation per student, each code active for its student', async () => {
        const b = await curator();
        const class6a = await classId('eljur', '1399', '6А');
        const students = {
          lebedev: await personId('eljur', 'Лебедев', 'Тимур'),
          vera: await personId('eljur', 'Николаева', 'Вера'),
          orlov: await personId('eljur', 'Орлов', 'Глеб'),
          dasha: await personId('eljur', 'Смирнова', 'Дарья'),
        };

        const parents = await print(b, { class: class6a, for: 'pt' });
        assert.equal(parents.statusCode, 200);
        assert.match(parents.body, /<h1>Приглашения для класса 6А: родителям<\/h1>/);
        const sheets = sheetsOf(parents.body);
        assert.equal([...parents.body.matchAll(/<article class="invitation"/g)].length, 4, 'one per student');
        assert.deepEqual(
          sheets.map((s) => [s.forWhom, s.name, s.person]),
          [
            ['Родителям (6А)', 'Лебедев Т', students.lebedev],
            ['Родителям (6А)', 'Николаева В', students.vera],
            ['Родителям (6А)', 'Орлов Г', students.orlov],
            ['Родителям (6А)', 'Смирнова Д', students.dasha],
          ],
        );
        assert.equal(new Set(sheets.map((s) => s.code)).size, 4);
        for (const s of sheets) {
          const found = await h.services.invitations.lookup('eljur', s.code);
          assert.ok(found.status === 'active', s.name);
          assert.equal(found.invitation.person_id, s.person);
          assert.equal(found.invitation.prefix, 'pt');
          assert.ok(s.text.includes(REGISTRATION_URL));
        }
        for (const id of Object.values(students)) {
          const active = (await h.services.invitations.listForPerson(id)).filter(
            (i) => i.prefix === 'pt' && i.status === 'active',
          );
          assert.equal(active.length, 1, 'one active parents’ code per child');
        }
        const printed = (await auditOf('invitation.printed')).find(
          (e) => e.detail.class === '6А' && e.detail.prefix === 'pt',
        );
        assert.equal(printed?.detail.count, 4);

        const own = await print(b, { class: class6a, for: 'st' });
        assert.equal(own.statusCode, 200);
        assert.deepEqual(
          sheetsOf(own.body).map((s) => [s.forWhom, s.name]),
          [
            ['Ученику (6А)', 'Лебедев Т'],
            ['Ученику (6А)', 'Смирнова Д'],
          ],
          'students’ codes only for those not registered yet',
        );
        assert.ok(own.body.includes('Уже зарегистрированы, код не выдан: Николаева Вера, Орлов Глеб.'));

        const en = await b.submit(
          ORG,
          PRINT,
          { class: class6a, for: 'pt' },
          { cookie: `${b.cookieHeader()}; lang=en` },
        );
        assert.deepEqual(
          sheetsOf(en.body).map((s) => s.forWhom),
          Array(4).fill('To the parents (6А)'),
        );
        assert.match(en.body, /Your invitation code:/);
      });

      test('a GET of the print address issues nothing', async () => {
        const b = await curator();
        const before = await invitationCount();
        const res = await b.get(
          `${PRINT}?class=${encodeURIComponent(await classId('eljur', '1399', '6А'))}&for=pt`,
        );
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, ORG);
        assert.equal(await invitationCount(), before);
      });
    });
  });
}
