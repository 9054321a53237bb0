/**
 * `propusk invite` as a function (`inviteCommand`), on SQLite and PostgreSQL with the demo
 * realms: a code for one person by login or id (printed once, active in the store, the old one
 * void after a re-issue, `--days`), codes for a class (name, code and id per student; students'
 * codes only for those not registered), voiding, the audit, and every refusal as an
 * `InviteCommandError` that issues nothing.
 *
 * It lives next to the desk because the CLI's test directory is not this module's to write in;
 * it tests `src/cli/invite-command.ts`, which uses the desk's rules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Captured } from '../../test/support/captured-output.js';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { DAY } from '../core/clock.js';
import { DEFAULT_CODE_DAYS } from '../invitations/invitation-store.js';
import { inviteCommand } from './invite-command.js';

const CODE = /\b((?:st|pt|tr|ar)[a-z0-9]{7})\b/;

for (const dialect of DIALECTS) {
  describe(`propusk invite on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    async function run(...args: string[]): Promise<string> {
      const out = new Captured();
      await inviteCommand(h.services, args, out);
      return out.text;
    }

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

    async function invitationCount(): Promise<number> {
      const row = await h.services.db
        .selectFrom('invitations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }

    function codeOf(text: string): string {
      const code = CODE.exec(text)?.[1];
      assert.ok(code, `a code in ${text}`);
      return code;
    }

    test('issue by person id for a pending student: printed once, active; re-issue voids it', async () => {
      const dasha = await personId('eljur', 'Смирнова', 'Дарья');
      const text = await run(
        'issue',
        '--realm',
        'eljur',
        '--org',
        '1399',
        '--person-id',
        dasha,
        '--role',
        'st',
      );
      assert.match(text, /^Приглашительный код \(ученику, 6А\) для Смирнова Дарья: st[a-z0-9]{7}\n/);
      assert.match(text, /Код показывается один раз\./);
      const code = codeOf(text);
      const found = await h.services.invitations.lookup('eljur', code);
      assert.ok(found.status === 'active');
      assert.equal(found.invitation.person_id, dasha);
      assert.equal(found.invitation.prefix, 'st');
      assert.equal(found.invitation.issued_by, null);
      assert.equal(found.invitation.expires_at, h.clock.now() + DEFAULT_CODE_DAYS * DAY);

      const again = await run(
        'issue',
        '--realm',
        'eljur',
        '--org',
        '1399',
        '--person-id',
        dasha,
        '--role',
        'st',
      );
      assert.match(again, /Прежний код отменён\./);
      assert.equal((await h.services.invitations.lookup('eljur', code)).status, 'void');
      assert.equal((await h.services.invitations.lookup('eljur', codeOf(again))).status, 'active');

      const events = await h.services.audit.listForSubject(dasha);
      const issued = events.filter((e) => e.action === 'invitation.issued');
      assert.equal(issued.length, 2);
      assert.equal(issued[0]?.detail.via, 'cli');
      assert.equal(issued[0]?.actorId, null);
      assert.equal(events.filter((e) => e.action === 'invitation.voided').length, 1);
      assert.ok(!JSON.stringify(events).includes(code), 'the code is in no audit detail');
    });

    test('issue by login: parents’ code on a registered child’s name, with --days', async () => {
      const text = await run(
        'issue',
        '--realm',
        'eljur',
        '--org',
        '1399',
        '--login',
        'Nikolaeva.V',
        '--role',
        'pt',
        '--days',
        '30',
      );
      assert.match(text, /^Приглашительный код \(родителям, 6А\) для Николаева Вера: pt/);
      const found = await h.services.invitations.lookup('eljur', codeOf(text));
      assert.ok(found.status === 'active');
      assert.equal(found.invitation.person_id, await personId('eljur', 'Николаева', 'Вера'));
      assert.equal(found.invitation.expires_at, h.clock.now() + 30 * DAY);

      const teacher = await personId('eljur', 'Кузьмина', 'Анна');
      const tr = await run(
        'issue',
        '--realm',
        'eljur',
        '--org',
        '1399',
        '--person-id',
        teacher,
        '--role',
        'tr',
      );
      assert.match(tr, /^Приглашительный код \(учителю\) для Кузьмина Анна: tr/);
    });

    test('class: name, code and id per student; students’ codes only for the unregistered', async () => {
      const students = await run(
        'class',
        '--realm',
        'eljur',
        '--org',
        '1399',
        '--class',
        '6А',
        '--role',
        'st',
      );
      const lines = students.trim().split('\n');
      const rows = lines.filter((l) => l.includes('\t')).map((l) => l.split('\t'));
      assert.deepEqual(
        rows.map((r) => r[0]),
        ['Лебедев Тимур', 'Смирнова Дарья'],
      );
      for (const [name, code, id] of rows) {
        const found = await h.services.invitations.lookup('eljur', code ?? '');
        assert.ok(found.status === 'active', name);
        assert.equal(found.invitation.person_id, id);
        assert.equal(found.invitation.prefix, 'st');
      }
      assert.ok(students.includes('Класс 6А, коды ученику: 2'));
      assert.ok(students.includes('Уже зарегистрированы, код не выдан: Николаева Вера, Орлов Глеб'));

      const parents = await run(
        'class',
        '--realm',
        'eljur',
        '--org',
        '1399',
        '--class',
        '8В',
        '--role',
        'pt',
      );
      const parentRows = parents
        .split('\n')
        .filter((l) => l.includes('\t'))
        .map((l) => l.split('\t'));
      assert.deepEqual(
        parentRows.map((r) => r[0]),
        ['Николаев Кирилл', 'Смирнов Павел'],
      );
      for (const [, code] of parentRows) {
        assert.equal((await h.services.invitations.lookup('eljur', code ?? '')).status, 'active');
      }
    });

    test('void: every active code of the person, audited', async () => {
      const lebedev = await personId('eljur', 'Лебедев', 'Тимур');
      const st = codeOf(
        await run('issue', '--realm', 'eljur', '--org', '1399', '--person-id', lebedev, '--role', 'st'),
      );
      const pt = codeOf(
        await run('issue', '--realm', 'eljur', '--org', '1399', '--person-id', lebedev, '--role', 'pt'),
      );
      const text = await run('void', '--realm', 'eljur', '--org', '1399', '--person-id', lebedev);
      assert.equal(text, 'Лебедев Тимур: отменено кодов: 2\n');
      assert.equal((await h.services.invitations.lookup('eljur', st)).status, 'void');
      assert.equal((await h.services.invitations.lookup('eljur', pt)).status, 'void');
      const voided = (await h.services.audit.listForSubject(lebedev)).filter(
        (e) => e.action === 'invitation.voided' && e.detail.reason === 'voided',
      );
      assert.equal(voided.length, 1);
      assert.equal(voided[0]?.detail.count, 2);
      assert.equal(
        await run('void', '--realm', 'eljur', '--org', '1399', '--person-id', lebedev),
        'Лебедев Тимур: отменено кодов: 0\n',
      );
    });

    test('refusals are errors with a clear message, and issue nothing', async () => {
      const dasha = await personId('eljur', 'Смирнова', 'Дарья');
      const volkova = await personId('dnevnik', 'Волкова', 'Екатерина');
      const base = ['--realm', 'eljur', '--org', '1399'];
      const cases: [string[], RegExp][] = [
        [['issue', '--org', '1399', '--person-id', dasha, '--role', 'st'], /--realm is required/],
        [['issue', '--realm', 'eljur', '--person-id', dasha, '--role', 'st'], /--org is required/],
        [
          ['issue', '--realm', 'nope', '--org', '1399', '--person-id', dasha, '--role', 'st'],
          /no realm nope/,
        ],
        [
          ['issue', '--realm', 'eljur', '--org', '1535', '--person-id', dasha, '--role', 'st'],
          /no organisation 1535 in eljur/,
        ],
        [['issue', ...base, '--person-id', dasha], /--role is required/],
        [['issue', ...base, '--person-id', dasha, '--role', 'xx'], /--role must be one of st, pt, tr, ar/],
        [['issue', ...base, '--role', 'st'], /exactly one of --login and --person-id/],
        [['issue', ...base, '--login', 'nikolaeva.v', '--person-id', dasha, '--role', 'st'], /exactly one/],
        [['issue', ...base, '--login', 'nobody', '--role', 'pt'], /no person with login nobody in eljur/],
        [['issue', ...base, '--login', 'bad login', '--role', 'pt'], /--login: Логин может содержать только/],
        [['issue', ...base, '--person-id', volkova, '--role', 'pt'], /no person with id .* in 1399/],
        [['issue', ...base, '--login', 'nikolaeva.v', '--role', 'st'], /уже зарегистрирован/],
        [['issue', ...base, '--login', 'orlova.math', '--role', 'st'], /только на имя ученика/],
        [['issue', ...base, '--person-id', dasha, '--role', 'tr'], /только учителю/],
        [
          ['issue', ...base, '--person-id', dasha, '--role', 'st', '--days', '0'],
          /--days must be a whole number from 1 to 365/,
        ],
        [['issue', ...base, '--person-id', dasha, '--role', 'st', '--days', '366'], /--days must be/],
        [['issue', ...base, '--person-id', dasha, '--role', 'st', '--days', '1.5'], /--days must be/],
        [['class', ...base, '--class', '6А', '--role', 'tr'], /--role must be st or pt for a class/],
        [['class', ...base, '--role', 'st'], /--class is required/],
        [['class', ...base, '--class', '9Б', '--role', 'st'], /no class 9Б in 1399/],
        [['void', ...base], /exactly one of --login and --person-id/],
        [
          ['issue', ...base, '--person-id', dasha, '--role', 'st', '--colour', 'red'],
          /Unknown option '--colour'/,
        ],
        [['frobnicate'], /unknown invite command frobnicate[\s\S]*invite issue/],
        [[], /unknown invite command/],
      ];
      const before = await invitationCount();
      for (const [args, message] of cases) {
        await assert.rejects(run(...args), (err: unknown) => {
          assert.ok(err instanceof Error);
          assert.equal(err.name, 'InviteCommandError', args.join(' '));
          assert.match(err.message, message, args.join(' '));
          return true;
        });
      }
      assert.equal(await invitationCount(), before);
    });
  });
}
