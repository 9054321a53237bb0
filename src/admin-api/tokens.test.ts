/**
 * `propusk token create|list|revoke` (as `tokenCommand`) and the token service, on SQLite and
 * PostgreSQL: a token is printed once and works, only its keyed hash is stored, list shows no
 * secret, revoke stops it at once, every refusal of the command changes nothing, creating and
 * revoking are audited, and the janitor deletes tokens 30 days after they ended.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { API, apiCall } from '../../test/support/admin-api.js';
import { Captured } from '../../test/support/captured-output.js';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { TokenCommandError, tokenCommand } from '../cli/token-command.js';
import { DAY } from '../core/clock.js';

const TOKEN = /\b(propusk_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})\b/;

for (const dialect of DIALECTS) {
  describe(`propusk token on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    async function run(...args: string[]): Promise<string> {
      const out = new Captured();
      await tokenCommand(h.services, args, out);
      return out.text;
    }

    test('create prints the token once; it works; only its hash is stored; list shows no secret', async () => {
      const text = await run(
        'create',
        '--realm',
        'dnevnik',
        '--org',
        '1535',
        '--name',
        'Журнал школы 1535',
        '--days',
        '30',
      );
      const token = TOKEN.exec(text)?.[1];
      assert.ok(token, text);
      assert.match(text, /organisation 1535/);
      const res = await apiCall(h, { method: 'GET', url: `${API}/organisations`, token });
      assert.equal(res.statusCode, 200);
      const secret = token.split('.')[1] ?? '';
      const rows = await h.services.db.selectFrom('api_tokens').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(secret));
      assert.notEqual(rows[0]?.last_used_at, null);
      const listed = await run('list', '--realm', 'dnevnik');
      assert.match(listed, /org 1535 {2}«Журнал школы 1535»/);
      assert.ok(!listed.includes(secret));
      assert.match(await run('list', '--realm', 'eljur'), /No tokens in eljur/);
      const events = await h.services.audit.listForRealm('dnevnik');
      const created = events.find((e) => e.action === 'api.token_created');
      assert.equal(created?.detail.via, 'cli');
      assert.ok(!JSON.stringify(events).includes(secret));
    });

    test('revoke stops the token at once and is audited; a second revoke is refused', async () => {
      const text = await run('create', '--realm', 'dnevnik', '--name', 'to revoke');
      const token = TOKEN.exec(text)?.[1] ?? '';
      const id = token.slice('propusk_'.length, token.indexOf('.'));
      assert.equal((await apiCall(h, { method: 'GET', url: `${API}/realm`, token })).statusCode, 200);
      assert.match(await run('revoke', '--realm', 'dnevnik', '--id', id), /revoked/);
      assert.equal((await apiCall(h, { method: 'GET', url: `${API}/realm`, token })).statusCode, 401);
      await assert.rejects(run('revoke', '--realm', 'dnevnik', '--id', id), /already revoked/);
      await assert.rejects(run('revoke', '--realm', 'eljur', '--id', id), /no token/);
      const events = await h.services.audit.listForRealm('dnevnik');
      assert.ok(events.some((e) => e.action === 'api.token_revoked' && e.detail.token_id === id));
    });

    test('every refusal is a TokenCommandError and creates nothing', async () => {
      const before = (await h.services.db.selectFrom('api_tokens').select('id').execute()).length;
      const refusals: [string[], RegExp][] = [
        [['create', '--name', 'x'], /--realm is required/],
        [['create', '--realm', 'nowhere', '--name', 'x'], /no realm nowhere/],
        [['create', '--realm', 'dnevnik'], /--name: the name is empty/],
        [['create', '--realm', 'dnevnik', '--name', '   '], /--name: the name is empty/],
        [['create', '--realm', 'dnevnik', '--name', 'x'.repeat(101)], /longer than 100/],
        [['create', '--realm', 'dnevnik', '--name', 'a\u0007b'], /control characters/],
        [['create', '--realm', 'dnevnik', '--name', 'x', '--days', '0'], /--days must be/],
        [['create', '--realm', 'dnevnik', '--name', 'x', '--days', '366'], /--days must be/],
        [['create', '--realm', 'dnevnik', '--name', 'x', '--days', '1e2'], /--days must be/],
        [['create', '--realm', 'dnevnik', '--name', 'x', '--org', '1399'], /no organisation 1399 in dnevnik/],
        [['revoke', '--realm', 'dnevnik'], /--id is required/],
        [['rotate', '--realm', 'dnevnik'], /unknown token command rotate/],
      ];
      for (const [args, message] of refusals) {
        await assert.rejects(
          run(...args),
          (err: unknown) => err instanceof TokenCommandError && message.test(err.message),
        );
      }
      await assert.rejects(run('create', '--realm', 'dnevnik', '--name', 'x', '--bogus'), /bogus/);
      assert.equal((await h.services.db.selectFrom('api_tokens').select('id').execute()).length, before);
    });

    test('the janitor deletes tokens 30 days after they expired or were revoked, not before', async () => {
      await h.services.db.deleteFrom('api_tokens').execute();
      await run('create', '--realm', 'dnevnik', '--name', 'short', '--days', '1');
      await run('create', '--realm', 'dnevnik', '--name', 'long', '--days', '365');
      h.clock.advance(30 * DAY);
      await h.services.janitor.runOnce();
      assert.equal((await h.services.db.selectFrom('api_tokens').select('id').execute()).length, 2);
      h.clock.advance(2 * DAY);
      await h.services.janitor.runOnce();
      const left = await h.services.db.selectFrom('api_tokens').select('name').execute();
      assert.deepEqual(
        left.map((r) => r.name),
        ['long'],
      );
    });
  });
}
