/**
 * The curator desk through HTTP (app.inject), on SQLite and PostgreSQL: who gets in (admins and
 * curators of their own organisations; support, students and parents get a localised 403;
 * another school is a 404; no session is a 303 to sign-in), what the organisation page shows
 * (names, logins or «не зарегистрирован», confirmed or not — never an address, phone or birth
 * date), invitation codes for one person and for a class (found active by the store, re-issue
 * voids, one `.invitation` per student, audited, never issued by GET or without CSRF), temporary
 * passwords and «Создать профиль» leading to «Новый пароль» at the first sign-in, and every
 * refusal of the form. Then the pure parts and the three message catalogues.
 *
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DIALECTS } from '../../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../../test/support/harness.js';
import type { AuditRecord } from '../../core/audit/audit.js';
import { isPendingLogin } from '../../directory/people-store.js';
import { formatDay, invitationName } from '../../invitations/issue.js';
import { type DeskKey, en, kk, ru } from './messages.js';
import { parseBirthDate } from './profile-form.js';

const DESK = '/r/eljur/desk';
const ORG = '/r/eljur/desk/1399';
const PRINT = '/r/eljur/desk/1399/print';
const PASSWORD = '/r/eljur/desk/1399/password';
const D_ORG = '/r/dnevnik/desk/1535';
const D_NEW = '/r/dnevnik/desk/1535/people/new';
const REGISTRATION_URL = 'https://propusk.test/r/eljur/s/1399/hello';

interface Sheet {
  readonly person: string;
  readonly prefix: string;
  readonly forWhom: string;
  readonly name: string;
  readonly code: string;
  readonly text: string;
}

/** The printable invitations of a page, in page order. */
function sheetsOf(body: string): Sheet[] {
  const articles = [
    ...body.matchAll(
      /<article class="invitation" data-person="([^"]+)" data-prefix="([^"]+)">([\s\S]*?)<\/article>/g,
    ),
  ];
  return articles.map((m) => {
    const inner = m[3] ?? '';
    const pick = (cls: string): string =>
      new RegExp(`<[a-z]+ class="${cls}">([^<]*)<`).exec(inner)?.[1]?.trim() ?? '';
    return {
      person: m[1] ?? '',
      prefix: m[2] ?? '',
      forWhom: pick('for-whom'),
      name: pick('invitee'),
      code: pick('code'),
      text: inner,
    };
  });
}

function errorMessageOf(body: string): string | null {
  return /<p class="error-message" data-status="\d+">([^<]*)<\/p>/.exec(body)?.[1] ?? null;
}

function fieldErrorOf(body: string, field: string): string | null {
  return (
    new RegExp(`<p class="field-error" id="${field}-error">([\\s\\S]*?)</p>`).exec(body)?.[1]?.trim() ?? null
  );
}

/** The table row of a person on the organisation page. */
function rowOf(body: string, personId: string): string {
  const row = new RegExp(`<tr class="person [a-z]+" data-person="${personId}"[\\s\\S]*?</tr>`).exec(
    body,
  )?.[0];
  assert.ok(row, `no row for ${personId}`);
  return row;
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

for (const dialect of DIALECTS) {
  describe(`curator desk on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let app: FastifyInstance;

    before(async () => {
      h = await startHarness(dialect.name);
      app = h.app;
    });
    after(async () => {
      await h?.close();
    });

    async function signIn(realm: string, login: string, password: string): Promise<Browser> {
      const b = new Browser(app);
      const res = await b.submit(`/r/${realm}/login`, `/r/${realm}/login`, { login, password });
      assert.equal(res.statusCode, 303, `${login} signs in`);
      return b;
    }

    const curator = (): Promise<Browser> => signIn('eljur', 'curator1399', 'Kurator2026zhurnal');

    async function personId(realm: string, lastName: string, firstName: string): Promise<string> {
      const row = await h.services.db
        .selectFrom('people')
        .select('id')
        .where('realm_id', '=', realm)
        .where('last_name', '=', lastName)
        .where('first_name', '=', firstName)
        .executeTakeFirstOrThrow();
      return row.id;
    }

    async function classId(realm: string, slug: string, name: string): Promise<string> {
      const org = await h.services.organisations.findBySlug(realm, slug);
      assert.ok(org);
      const row = await h.services.db
        .selectFrom('classes')
        .select('id')
        .where('organisation_id', '=', org.id)
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return row.id;
    }

    async function invitationCount(): Promise<number> {
      const row = await h.services.db
        .selectFrom('invitations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }

    async function peopleCount(): Promise<number> {
      const row = await h.services.db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }

    async function auditOf(action: string, subjectId?: string): Promise<AuditRecord[]> {
      const events = await h.services.audit.listForRealm('eljur', 1000);
      return events.filter(
        (e) => e.action === action && (subjectId === undefined || e.subjectId === subjectId),
      );
    }

    async function print(b: Browser, fields: Record<string, string>): Promise<LightMyRequestResponse> {
      return b.submit(ORG, PRINT, fields);
    }

    describe('who gets in', () => {
      test('not signed in: 303 to the sign-in page, for pages and for posts', async () => {
        for (const url of [DESK, ORG, `${ORG}/people/new`, `${ORG}/print`, '/r/dnevnik/desk/1535']) {
          const res = await app.inject({ method: 'GET', url });
          assert.equal(res.statusCode, 303, url);
          assert.equal(res.headers.location, `/r/${url.split('/')[2]}/login`, url);
        }
        const b = new Browser(app);
        const before = await invitationCount();
        const dasha = await personId('eljur', 'Смирнова', 'Дарья');
        const res = await b.submit('/r/eljur/login', PRINT, { person: dasha, prefix: 'st' });
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, '/r/eljur/login');
        assert.equal(await invitationCount(), before, 'nothing issued');
      });

      test('support, students, parents and teachers: a localised 403', async () => {
        const forbidden =
          'Рабочее место куратора доступно только администраторам и кураторам образовательной организации. Службе технической поддержки данные пользователей не доступны.';
        const cases: [string, string, string][] = [
          ['eljur', 'support1399', 'Pomosch2026sluzhba'],
          ['eljur', 'nikolaeva.v', 'Vesna2026shkola'],
          ['eljur', 'nikolaeva.mama', 'Roditel2026dom'],
          ['eljur', 'orlova.math', 'Algebra2026urok'],
          ['dnevnik', 'support.desk', 'Podderzhka-77'],
        ];
        for (const [realm, login, password] of cases) {
          const b = await signIn(realm, login, password);
          for (const url of [
            `/r/${realm}/desk`,
            `/r/${realm}/desk/${realm === 'eljur' ? '1399' : 'perm-12'}`,
          ]) {
            const res = await b.get(url);
            assert.equal(res.statusCode, 403, `${login} ${url}`);
            assert.equal(errorMessageOf(res.body), forbidden, `${login} ${url}`);
            for (const secret of ['Смирнова', 'curator1399', 'nikolaeva.mama', 'Соколов']) {
              assert.ok(!res.body.includes(secret), `${login}: ${secret}`);
            }
          }
        }
        const support = await signIn('eljur', 'support1399', 'Pomosch2026sluzhba');
        const dasha = await personId('eljur', 'Смирнова', 'Дарья');
        const token = csrfTokenOf((await support.get('/r/eljur/profile')).body);
        const res = await support.post(PRINT, { _csrf: token, person: dasha, prefix: 'st' });
        assert.equal(res.statusCode, 403, 'support cannot issue either');

        const en = await support.get(DESK, { cookie: `${support.cookieHeader()}; lang=en` });
        assert.equal(en.statusCode, 403);
        assert.match(
          errorMessageOf(en.body) ?? '',
          /^The curator desk is open only to administrators and curators/,
        );
        const kz = await support.get(DESK, { cookie: `${support.cookieHeader()}; lang=kk` });
        assert.match(errorMessageOf(kz.body) ?? '', /^Куратордың жұмыс орны тек/);
      });

      test('a curator sees only their own organisations: another school is a 404', async () => {
        const perm = await signIn('dnevnik', 'curator.perm12', 'Kurator-Perm-12');
        const index = await perm.get('/r/dnevnik/desk');
        assert.equal(index.statusCode, 200);
        assert.match(
          index.body,
          /<a class="desk-organisation" href="\/r\/dnevnik\/desk\/perm-12">МАОУ СОШ № 12 г. Перми<\/a>/,
        );
        assert.ok(!index.body.includes('1535'));
        assert.equal((await perm.get('/r/dnevnik/desk/perm-12')).statusCode, 200);

        const notFound = 'Организация не найдена среди тех, где вы администратор или куратор.';
        for (const url of [
          D_ORG,
          `${D_ORG}/people/new`,
          `${D_ORG}/print`,
          '/r/dnevnik/desk/nope',
          '/r/dnevnik/desk/1399',
          `/r/dnevnik/desk/${'x'.repeat(150)}`,
        ]) {
          const res = await perm.get(url);
          assert.equal(res.statusCode, 404, url);
          assert.equal(errorMessageOf(res.body), notFound, url);
          assert.ok(!res.body.includes('Кузнецова'), url);
        }
        // Posting into the other school with a person of it: still a 404, nothing issued.
        const volkova = await personId('dnevnik', 'Волкова', 'Екатерина');
        const before = await invitationCount();
        const token = csrfTokenOf((await perm.get('/r/dnevnik/desk/perm-12')).body);
        for (const [url, fields] of [
          [`${D_ORG}/print`, { person: volkova, prefix: 'pt' }],
          [`${D_ORG}/password`, { person: volkova }],
          [
            `${D_ORG}/people/new`,
            { last_name: 'Чужой', first_name: 'Профиль', login: 'chuzhoi', role: 'staff' },
          ],
        ] as const) {
          const res = await perm.post(url, { _csrf: token, ...fields });
          assert.equal(res.statusCode, 404, url);
        }
        assert.equal(await invitationCount(), before);
        assert.equal(await h.services.people.findByLogin('dnevnik', 'chuzhoi'), null);
        // A person of the other school, posted into the curator's own: not found there either.
        const res = await perm.post('/r/dnevnik/desk/perm-12/print', {
          _csrf: token,
          person: volkova,
          prefix: 'pt',
        });
        assert.equal(res.statusCode, 404);
        assert.equal(errorMessageOf(res.body), 'Такого человека нет в этой организации.');
        const pwd = await perm.post('/r/dnevnik/desk/perm-12/password', { _csrf: token, person: volkova });
        assert.equal(pwd.statusCode, 404);
        assert.equal(await invitationCount(), before);
      });

      test('missing or wrong CSRF: 403, nothing issued or created', async () => {
        const b = await curator();
        const dasha = await personId('eljur', 'Смирнова', 'Дарья');
        const orlov = await personId('eljur', 'Орлов', 'Глеб');
        const before = await invitationCount();
        const people = await peopleCount();
        const orlovBefore = await h.services.people.findById('eljur', orlov);
        for (const [url, fields] of [
          [PRINT, { person: dasha, prefix: 'st' }],
          [PRINT, { class: await classId('eljur', '1399', '6А'), for: 'pt' }],
          [PASSWORD, { person: orlov }],
          [
            `${ORG}/people/new`,
            { last_name: 'Без', first_name: 'Токена', login: 'bez.tokena', role: 'staff' },
          ],
        ] as const) {
          for (const token of [undefined, 'forged-token']) {
            const res = await b.post(url, { ...(token ? { _csrf: token } : {}), ...fields });
            assert.equal(res.statusCode, 403, `${url} ${token ?? 'none'}`);
          }
        }
        assert.equal(await invitationCount(), before);
        assert.equal(await peopleCount(), people);
        const orlovAfter = await h.services.people.findById('eljur', orlov);
        assert.equal(orlovAfter?.password_hash, orlovBefore?.password_hash);
      });
    });

    describe('the organisation page', () => {
      test('curator1399: the organisation, its classes, students with parents, staff', async () => {
        const b = await curator();
        const index = await b.get(DESK);
        assert.equal(index.statusCode, 200);
        assert.match(index.body, /<h1>Рабочее место куратора<\/h1>/);
        assert.match(
          index.body,
          /href="\/r\/eljur\/desk\/1399">ГБОУ СОШ № 1399<\/a> <span class="hint desk-roles">куратор<\/span>/,
        );

        const res = await b.get(ORG);
        assert.equal(res.statusCode, 200);
        const body = res.body;
        assert.match(body, /<h1>ГБОУ СОШ № 1399<\/h1>/);
        assert.deepEqual(
          [...body.matchAll(/<h2 id="class-[^"]+" class="class-name">([^<]+)<\/h2>/g)].map((m) => m[1]),
          ['6А', '8В'],
        );
        assert.ok(body.includes('Приглашительный код показывается только один раз'));

        const dasha = rowOf(body, await personId('eljur', 'Смирнова', 'Дарья'));
        assert.match(dasha, /<td class="name"><a class="person-link" href="[^"]+">Смирнова Дарья<\/a><\/td>/);
        assert.match(dasha, /не зарегистрирован/);
        // Issue 14: the phrase agrees with the person («Смирнова Дарья — не зарегистрирована»).
        assert.match(dasha, /не зарегистрирована</);
        assert.match(dasha, /<button type="submit">Выдать код<\/button>/);
        assert.match(dasha, /<button type="submit">Код для родителей<\/button>/);
        assert.ok(!dasha.includes('Выдать временный пароль'), 'no password for a pending profile');

        const vera = rowOf(body, await personId('eljur', 'Николаева', 'Вера'));
        assert.match(vera, /<code>nikolaeva\.v<\/code>/);
        assert.match(vera, /Выдать временный пароль/);
        assert.ok(!vera.includes('>Выдать код<'), 'no student code for a registered student');

        const mother = await personId('eljur', 'Николаева', 'Светлана');
        const motherRows = [
          ...body.matchAll(
            new RegExp(`<tr class="person parent" data-person="${mother}" data-child="([^"]+)"`, 'g'),
          ),
        ];
        assert.equal(motherRows.length, 2, 'listed under both of her children (6А and 8В)');
        const motherRow = rowOf(body, mother);
        assert.match(
          motherRow,
          /родитель:<\/span> <a class="person-link" href="[^"]+">Николаева Светлана Игоревна<\/a>/,
        );
        assert.match(motherRow, /<code>nikolaeva\.mama<\/code>/);
        assert.match(motherRow, /<td class="email-status status-ok">подтверждена<\/td>/);
        assert.match(motherRow, /<td class="phone-status status-missing">не подтверждён<\/td>/);

        const pendingMother = rowOf(body, await personId('eljur', 'Смирнова', 'Елена'));
        assert.match(pendingMother, /Смирнова Елена Андреевна/);
        assert.match(pendingMother, /не зарегистрирован/);
        assert.match(pendingMother, /не зарегистрирована</, 'by her patronymic');

        const kuzmina = rowOf(body, await personId('eljur', 'Кузьмина', 'Анна'));
        assert.match(kuzmina, /<tr class="person staff"/);
        assert.match(kuzmina, /учитель <span class="hint">\(8В\)<\/span>/);
        assert.match(kuzmina, /name="prefix" value="tr"/);
        const curatorRow = rowOf(body, await personId('eljur', 'Белов', 'Андрей'));
        assert.ok(!curatorRow.includes('<form'), 'no actions on one’s own row');
        const admin = rowOf(body, await personId('eljur', 'Зайцева', 'Людмила'));
        assert.match(admin, /пароль меняет оператор системы/);
        assert.ok(!admin.includes('Выдать временный пароль'));
        assert.match(rowOf(body, await personId('eljur', 'Иванова', 'Галина')), /Выдать временный пароль/);

        // No personal data beyond names, logins and confirmation; support is not listed.
        for (const secret of [
          '14a139@mail.example',
          'orlova@1399.example',
          'curator@1399.example',
          '2013-03-12',
          '12.03.2013',
          'Громова',
          'support1399',
          'Kurator2026zhurnal',
        ]) {
          assert.ok(!body.includes(secret), secret);
        }
        assert.equal([...body.matchAll(/name="_csrf"/g)].length > 5, true, 'every form carries CSRF');
      });

      test('the page follows the language', async () => {
        const b = await curator();
        const res = await b.get(ORG, { cookie: `${b.cookieHeader()}; lang=en` });
        assert.match(res.body, /Print invitations for the class/);
        assert.match(res.body, /not registered/);
        const kz = await b.get(ORG, { cookie: `${b.cookieHeader()}; lang=kk` });
        assert.match(kz.body, /Сыныпқа шақыруларды басып шығару/);
        assert.match(kz.body, /тіркелмеген/);
      });
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

    describe('temporary passwords and new profiles', () => {
      test('«Выдать временный пароль»: a printable sheet, and the first sign-in asks for a new password', async () => {
        const b = await curator();
        const orlov = await personId('eljur', 'Орлов', 'Глеб');
        const student = await signIn('eljur', 'orlov.gleb', 'Futbol2026myach');
        const res = await b.submit(ORG, PASSWORD, { person: orlov });
        assert.equal(res.statusCode, 200);
        const [sheet] = [
          ...res.body.matchAll(/<article class="invitation credentials"[\s\S]*?<\/article>/g),
        ].map((m) => m[0]);
        assert.ok(sheet);
        assert.match(sheet, /<p class="for-whom">Ученику \(6А\)<\/p>/);
        assert.match(sheet, /<p class="invitee">Орлов Г<\/p>/);
        assert.match(sheet, /Ваш логин для входа:<br><span class="code login">orlov\.gleb<\/span>/);
        assert.match(sheet, /При первом входе система попросит сменить пароль\./);
        const password = unescapeHtml(
          /<span class="code temporary-password">([^<]+)<\/span>/.exec(sheet)?.[1] ?? '',
        );
        assert.ok(password.length >= 10);
        assert.ok(res.body.includes('Завершено сеансов: 1.'));

        // The student's old session ended; the old password no longer works; the new one leads to «Новый пароль».
        assert.equal((await student.get('/r/eljur/profile')).statusCode, 303);
        const again = new Browser(app);
        const old = await again.submit('/r/eljur/login', '/r/eljur/login', {
          login: 'orlov.gleb',
          password: 'Futbol2026myach',
        });
        assert.equal(old.statusCode, 401);
        const fresh = new Browser(app);
        const signedIn = await fresh.submit('/r/eljur/login', '/r/eljur/login', {
          login: 'orlov.gleb',
          password,
        });
        assert.equal(signedIn.statusCode, 303);
        assert.equal(signedIn.headers.location, '/r/eljur/password/new');

        assert.equal((await auditOf('credentials.issued', orlov)).length, 1);
        assert.equal((await auditOf('credentials.printed', orlov)).length, 1);
        assert.equal((await auditOf('password.set_by_operator', orlov)).length, 1);
        const everything = JSON.stringify(await h.services.audit.listForRealm('eljur', 1000));
        assert.ok(!everything.includes(password));
      });

      test('no temporary password for oneself, an administrator, a pending or foreign profile', async () => {
        const b = await curator();
        const cases: [string, number, string][] = [
          [await personId('eljur', 'Белов', 'Андрей'), 409, 'Свой пароль вы меняете в настройках.'],
          [
            await personId('eljur', 'Зайцева', 'Людмила'),
            403,
            'Пароль администратора, куратора или сотрудника поддержки на рабочем месте куратора не меняется. Обратитесь к оператору системы.',
          ],
          [
            await personId('eljur', 'Громова', 'Алла'),
            403,
            'Пароль администратора, куратора или сотрудника поддержки на рабочем месте куратора не меняется. Обратитесь к оператору системы.',
          ],
          [
            await personId('eljur', 'Смирнова', 'Дарья'),
            409,
            'Этот человек ещё не зарегистрирован: выдайте ему приглашительный код.',
          ],
          [await personId('dnevnik', 'Петров', 'Михаил'), 404, 'Такого человека нет в этой организации.'],
        ];
        for (const [id, status, message] of cases) {
          const before = await h.services.people.findById('eljur', id);
          const res = await b.submit(ORG, PASSWORD, { person: id });
          assert.equal(res.statusCode, status, message);
          assert.equal(errorMessageOf(res.body), message);
          assert.ok(!res.body.includes('temporary-password'));
          const after = await h.services.people.findById('eljur', id);
          assert.equal(after?.password_hash, before?.password_hash);
        }
      });

      test('admin1535 creates a Dnevnik profile; its temporary password leads to «Новый пароль»', async () => {
        const admin = await signIn('dnevnik', 'admin1535', 'Direktor-2026');
        // Issue 14: the Dnevnik administrator's desk is titled for an administrator.
        assert.match((await admin.get('/r/dnevnik/desk')).body, /<h1>Рабочее место администратора<\/h1>/);
        const form = await admin.get(D_NEW);
        assert.equal(form.statusCode, 200);
        assert.match(form.body, /<h1>Создать профиль<\/h1>/);
        assert.match(form.body, /<select id="role" name="role"/);
        const class6a = await classId('dnevnik', '1535', '6А');
        assert.ok(form.body.includes(`<option value="${class6a}" >6А</option>`));

        const res = await admin.submit(D_NEW, D_NEW, {
          last_name: 'Сидоров',
          first_name: 'Павел',
          middle_name: 'Андреевич',
          birth_date: '14.05.2013',
          login: 'sidorov.pavel',
          role: 'student',
          class: class6a,
        });
        assert.equal(res.statusCode, 200, res.body.slice(0, 500));
        assert.ok(res.body.includes('Профиль sidorov.pavel создан.'));
        assert.match(res.body, /<p class="for-whom">Ученику \(6А\)<\/p>/);
        assert.match(res.body, /<p class="invitee">Сидоров П<\/p>/);
        assert.match(res.body, /Ваш логин для входа:<br><span class="code login">sidorov\.pavel<\/span>/);
        assert.match(res.body, /Временный пароль:<br><span class="code temporary-password">/);
        assert.ok(res.body.includes('https://propusk.test/r/dnevnik/login'));
        const password = unescapeHtml(
          /<span class="code temporary-password">([^<]+)<\/span>/.exec(res.body)?.[1] ?? '',
        );
        assert.ok(password.length >= 10);

        const person = await h.services.people.findByLogin('dnevnik', 'sidorov.pavel');
        assert.ok(person);
        assert.equal(person.password_must_change, 1);
        assert.equal(person.birth_date, '2013-05-14');
        assert.equal(person.middle_name, 'Андреевич');
        const memberships = await h.services.people.membershipsOf(person.id);
        assert.deepEqual(
          memberships.map((m) => [m.organisationName, m.className, m.role]),
          [['ГБОУ Школа № 1535', '6А', 'student']],
        );
        const events = (await h.services.audit.listForSubject(person.id)).map((e) => e.action).sort();
        assert.deepEqual(events, ['credentials.issued', 'credentials.printed', 'person.created']);

        const page = await admin.get(D_ORG);
        assert.match(rowOf(page.body, person.id), /<code>sidorov\.pavel<\/code>/);

        const fresh = new Browser(app);
        const signedIn = await fresh.submit('/r/dnevnik/login', '/r/dnevnik/login', {
          login: 'sidorov.pavel',
          password,
        });
        assert.equal(signedIn.statusCode, 303);
        assert.equal(signedIn.headers.location, '/r/dnevnik/password/new');
        const next = await fresh.get('/r/dnevnik/password/new');
        assert.equal(next.statusCode, 200);
        assert.ok(next.body.includes('sidorov.pavel'));
      });

      test('a parent is created with their child and listed under the child', async () => {
        const admin = await signIn('dnevnik', 'admin1535', 'Direktor-2026');
        const misha = await personId('dnevnik', 'Петров', 'Михаил');
        const res = await admin.submit(D_NEW, D_NEW, {
          last_name: 'Петрова',
          first_name: 'Ирина',
          login: 'petrova.irina',
          role: 'parent',
          child: misha,
        });
        assert.equal(res.statusCode, 200, res.body.slice(0, 500));
        assert.match(res.body, /<p class="for-whom">Родителю<\/p>/);
        const parent = await h.services.people.findByLogin('dnevnik', 'petrova.irina');
        assert.ok(parent);
        assert.deepEqual(
          (await h.services.people.childrenOf(parent.id)).map((c) => c.id),
          [misha],
        );
        const page = await admin.get(D_ORG);
        assert.match(page.body, new RegExp(`data-person="${parent.id}" data-child="${misha}"`));
      });

      test('bad input on the form: 400 with every message next to its field, nothing created', async () => {
        const admin = await signIn('dnevnik', 'admin1535', 'Direktor-2026');
        const class6a = await classId('dnevnik', '1535', '6А');
        const good = {
          last_name: 'Козлов',
          first_name: 'Олег',
          birth_date: '01.09.2012',
          login: 'kozlov.oleg',
          role: 'student',
          class: class6a,
        };
        const people = await peopleCount();
        const cases: [Record<string, string>, Record<string, string>][] = [
          [
            { last_name: '', first_name: '  ' },
            { last_name: 'Укажите фамилию', first_name: 'Укажите имя' },
          ],
          [{ login: 'admin1535' }, { login: 'Этот логин уже занят' }],
          [{ login: 'ADMIN1535' }, { login: 'Этот логин уже занят' }],
          [{ login: 'kozlov oleg' }, { login: 'Логин может содержать только буквы, цифры и знаки . _ - @' }],
          [{ login: 'k'.repeat(200) }, { login: 'Логин не должен быть длиннее 64 символов' }],
          [{ login: '' }, { login: 'Введите логин' }],
          [
            { login: 'kozl\u043ev' },
            { login: 'Логин содержит и латинские, и русские буквы. Проверьте раскладку клавиатуры' },
          ],
          [{ birth_date: '31.02.2013' }, { birth_date: 'Такой даты не существует' }],
          [{ birth_date: '31.02' }, { birth_date: 'Укажите дату в виде ДД.ММ.ГГГГ, например 14.05.2009' }],
          [{ birth_date: '01.01.2030' }, { birth_date: 'Дата рождения не может быть в будущем' }],
          [{ last_name: 'Козлов2' }, { last_name: 'Укажите имя буквами (можно дефис, апостроф и пробел)' }],
          [{ first_name: 'О'.repeat(101) }, { first_name: 'Не длиннее 100 символов' }],
          [{ role: 'admin' }, { role: 'Выберите роль из списка' }],
          [{ role: 'curator' }, { role: 'Выберите роль из списка' }],
          [{ class: '' }, { class: 'Выберите класс ученика' }],
          [
            { class: await classId('eljur', '1399', '6А') },
            { class: 'Такого класса нет в этой организации' },
          ],
          [{ role: 'parent' }, { child: 'Выберите ребёнка' }],
          [
            { role: 'parent', child: await personId('eljur', 'Николаева', 'Вера') },
            { child: 'Такого ученика нет в этой организации' },
          ],
          [
            { last_name: '', login: 'admin1535', birth_date: '31.02.2013', role: 'support' },
            {
              last_name: 'Укажите фамилию',
              login: 'Этот логин уже занят',
              birth_date: 'Такой даты не существует',
              role: 'Выберите роль из списка',
            },
          ],
        ];
        for (const [change, expected] of cases) {
          const res = await admin.submit(D_NEW, D_NEW, { ...good, ...change });
          const label = JSON.stringify(change).slice(0, 80);
          assert.equal(res.statusCode, 400, label);
          assert.ok(res.body.includes('Профиль не создан: исправьте ошибки в форме.'), label);
          for (const [field, message] of Object.entries(expected)) {
            assert.equal(fieldErrorOf(res.body, field), message, `${label} ${field}`);
            assert.match(res.body, new RegExp(`id="${field}"[^>]*aria-invalid="true"`), `${label} ${field}`);
          }
          assert.ok(!res.body.includes('temporary-password'), label);
          assert.ok(res.body.length < 30_000, 'long values are not echoed in full');
        }
        assert.equal(await peopleCount(), people, 'nothing was created');
        assert.equal(await h.services.people.findByLogin('dnevnik', 'kozlov.oleg'), null);

        // What was typed comes back escaped; the form keeps the choices.
        const echoed = await admin.submit(D_NEW, D_NEW, { ...good, last_name: '<script>alert(1)</script>' });
        assert.equal(echoed.statusCode, 400);
        assert.ok(echoed.body.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;"'));
        assert.ok(!echoed.body.includes('<script>alert'));
        assert.ok(echoed.body.includes(`<option value="${class6a}" selected>6А</option>`));

        const en = await admin.submit(
          D_NEW,
          D_NEW,
          { ...good, last_name: '' },
          { cookie: `${admin.cookieHeader()}; lang=en` },
        );
        assert.equal(fieldErrorOf(en.body, 'last_name'), 'Enter the last name');
      });
    });
  });
}

describe('curator desk: the pure parts', () => {
  test('the name on an invitation is the last name and the first initial', () => {
    assert.equal(invitationName('Николаева', 'Вера'), 'Николаева В');
    assert.equal(invitationName(' Орлов ', 'глеб'), 'Орлов Г');
    assert.equal(invitationName('Ли', 'Ёлка'), 'Ли Ё');
    assert.equal(invitationName('Ким', ''), 'Ким');
  });

  test('dates of birth as schools type them', () => {
    const now = Date.parse('2026-09-01T08:00:00Z');
    assert.deepEqual(parseBirthDate('14.05.2009', now), { ok: true, iso: '2009-05-14' });
    assert.deepEqual(parseBirthDate('4.5.2009', now), { ok: true, iso: '2009-05-04' });
    assert.deepEqual(parseBirthDate('2009-05-14', now), { ok: true, iso: '2009-05-14' });
    assert.deepEqual(parseBirthDate('  ', now), { ok: true, iso: null });
    assert.deepEqual(parseBirthDate('29.02.2012', now), { ok: true, iso: '2012-02-29' });
    assert.deepEqual(parseBirthDate('29.02.2013', now), { ok: false, problem: 'account.birth_date_invalid' });
    assert.deepEqual(parseBirthDate('31.02.2013', now), { ok: false, problem: 'account.birth_date_invalid' });
    assert.deepEqual(parseBirthDate('31.02', now), { ok: false, problem: 'desk.error.birth_date_format' });
    assert.deepEqual(parseBirthDate('14/05/2009', now), {
      ok: false,
      problem: 'desk.error.birth_date_format',
    });
    assert.deepEqual(parseBirthDate('02.09.2026', now), {
      ok: false,
      problem: 'desk.error.birth_date_future',
    });
    assert.deepEqual(parseBirthDate('01.09.2026', now), { ok: true, iso: '2026-09-01' });
    assert.deepEqual(parseBirthDate('01.01.1899', now), { ok: false, problem: 'account.birth_date_invalid' });
  });

  test('days are printed as dd.mm.yyyy', () => {
    assert.equal(formatDay(Date.parse('2026-11-30T08:00:00Z')), '30.11.2026');
  });

  test('pending logins are what the desk calls «не зарегистрирован»', () => {
    assert.ok(isPendingLogin('#abc'));
    assert.ok(!isPendingLogin('nikolaeva.v'));
  });

  test('the three catalogues: same placeholders, no empty text, keys prefixed «desk.», Kazakh in Cyrillic', () => {
    const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    // «Логин» is the Kazakh word too (the main catalogue allows `signin.login` the same way).
    const SAME_IN_KAZAKH = new Set<DeskKey>(['desk.col.login', 'desk.form.login']);
    // Latin words a Kazakh text may keep: the code prefixes and the print keys.
    const allowedLatin = new Set(['st', 'pt', 'tr', 'ar', 'Ctrl', 'P', 'Mac', 'email']);
    for (const key of Object.keys(ru) as DeskKey[]) {
      assert.ok(key.startsWith('desk.'), key);
      for (const [name, catalogue] of [
        ['en', en],
        ['kk', kk],
      ] as const) {
        const text = catalogue[key];
        assert.ok(text.trim().length > 0, `${name} ${key}`);
        assert.deepEqual(placeholders(text), placeholders(ru[key]), `${name} ${key}`);
        const sameWord = name === 'kk' && SAME_IN_KAZAKH.has(key);
        assert.ok(
          sameWord || !(text === ru[key] && /[а-яё]/i.test(text)),
          `${name} ${key} is a copy of Russian`,
        );
      }
      const latin = [...kk[key].replace(/\{\w+\}/g, '').matchAll(/[A-Za-z]+/g)].map((m) => m[0]);
      assert.deepEqual(
        latin.filter((w) => !allowedLatin.has(w)),
        [],
        `kk ${key} is written in Cyrillic`,
      );
      assert.ok(/[а-яёәғқңөұүһі]/i.test(kk[key]) || /^[\s\p{P}]*$/u.test(kk[key]), `kk ${key}`);
    }
    // Kazakh-specific letters are there, so it is Kazakh and not Russian left untranslated.
    assert.ok(Object.values(kk).filter((t) => /[әғқңөұүһі]/i.test(t)).length > Object.keys(kk).length / 2);
  });
});
