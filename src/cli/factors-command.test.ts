/**
 * `propusk factors reset` as a function (`factorsCommand`), on SQLite and PostgreSQL with the
 * demo realms: an administrator's factor (which the desk refuses) is reset — the app, the
 * recovery codes and the passkeys gone, sessions ended, one `second_factor.reset` event with
 * `via: cli`, no letter without an email — and every refusal (unknown realm or login, no factor, a second run,
 * a bad command) is a `FactorsCommandError` that writes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Captured } from '../../test/support/captured-output.js';
import { DIALECTS } from '../../test/support/databases.js';
import { Browser, type Harness, startHarness } from '../../test/support/harness.js';
import { FactorsCommandError, factorsCommand } from './factors-command.js';

for (const dialect of DIALECTS) {
  describe(`propusk factors reset on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    async function run(...args: string[]): Promise<string> {
      const out = new Captured();
      await factorsCommand(h.services, args, out);
      return out.text;
    }

    const resets = async () =>
      (await h.services.audit.listForRealm('eljur', 1000)).filter((e) => e.action === 'second_factor.reset');

    test('an administrator’s app, codes and passkey go; sessions end; audited once', async () => {
      const admin = await h.services.people.findByLogin('eljur', 'admin1399');
      assert.ok(admin);
      const b = new Browser(h.app);
      const signedIn = await b.submit('/r/eljur/login', '/r/eljur/login', {
        login: 'admin1399',
        password: 'Direktor2026shkola',
      });
      assert.equal(signedIn.headers.location, '/r/eljur/profile');
      const { db, factors } = h.services;
      assert.ok(
        await factors.totp.create(db, {
          realmId: 'eljur',
          personId: admin.id,
          secret: 'JBSWY3DPEHPK3PXP',
          step: 1,
        }),
      );
      await factors.recoveryCodes.replace(db, admin.id);
      await factors.passkeys.add(db, {
        id: 'cli-key',
        realmId: 'eljur',
        personId: admin.id,
        name: 'key',
        publicKey: new Uint8Array([1]),
        counter: 0,
        transports: [],
      });

      const text = await run('reset', '--realm', 'eljur', '--login', 'admin1399');
      assert.equal(
        text,
        'admin1399: second factor reset (authenticator app: removed, recovery codes: 10, passkeys: 1); sessions ended: 1\n',
      );
      assert.equal(await factors.hasFactor(admin.id), false);
      assert.equal(await factors.recoveryCodes.remaining(admin.id), 0);
      assert.equal((await b.get('/r/eljur/profile')).statusCode, 303, 'the session ended');
      const events = await resets();
      assert.equal(events.length, 1);
      assert.equal(events[0]?.actorId, null);
      assert.equal(events[0]?.detail?.via, 'cli');
      const letters = await db
        .selectFrom('outbox')
        .select('recipient')
        .where('person_id', '=', admin.id)
        .where('template', '=', 'second_factor_reset')
        .execute();
      assert.equal(letters.length, 0, 'she has no confirmed email: no letter (the desk test has one)');

      // Again: nothing to reset, nothing written.
      await assert.rejects(
        run('reset', '--realm', 'eljur', '--login', 'admin1399'),
        (err: unknown) => err instanceof FactorsCommandError && /nothing to reset/.test(err.message),
      );
      assert.equal((await resets()).length, 1);
    });

    test('refusals: unknown realm or login, no factor, a missing option, an unknown command', async () => {
      const cases: [string[], RegExp][] = [
        [['reset', '--realm', 'nope', '--login', 'admin1399'], /no realm nope/],
        [['reset', '--realm', 'eljur', '--login', 'nobody.here'], /no person with login nobody\.here/],
        [['reset', '--realm', 'eljur', '--login', 'orlov.gleb'], /has no second factor/],
        [['reset', '--realm', 'eljur'], /--login is required/],
        [['remove', '--realm', 'eljur', '--login', 'orlov.gleb'], /unknown factors command remove/],
      ];
      for (const [args, message] of cases) {
        await assert.rejects(
          run(...args),
          (err: unknown) => err instanceof FactorsCommandError && message.test(err.message),
          args.join(' '),
        );
      }
      assert.equal((await resets()).length, 1, 'only the first test’s reset');
    });
  });
}
