/**
 * Older reset links (issue 9, item 5): requesting a link supersedes the earlier ones, and a
 * password set by any path — a newer link, «Настройки», an operator — refuses every older link.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import {
  askRecovery,
  freshBrowser,
  lettersTo,
  newestLinkTo,
  recoverablePerson,
  setPasswordBy,
} from '../../../test/support/recovery.js';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.js';
import type { Person } from '../../db/schema.js';
import { setPasswordByOperator } from '../../directory/accounts.js';
import type { LoadedRealm } from '../../realms/realm-store.js';

const REPLACED = 'Эта ссылка больше не действует';

for (const dialect of DIALECTS) {
  describe(`recovery: older links on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let smtp: TestSmtp;
    let people = 0;
    before(async () => {
      smtp = await startSmtp();
      h = await startHarness(dialect.name, { config: { SMTP_URL: smtp.url } });
    });
    after(async () => {
      await h?.close();
      await smtp?.close();
    });

    async function person(): Promise<Person> {
      people++;
      return recoverablePerson(h, `links.person${people}`, { password: 'Staryi-Parol-1001' });
    }

    async function linkFor(p: Person): Promise<string> {
      // A later request is a newer one: the letters job orders a person's flows by when they started.
      h.clock.advance(1);
      const address = p.email as string;
      const before = lettersTo(smtp, address);
      const res = await askRecovery(
        h,
        freshBrowser(h),
        'dnevnik',
        '/recovery/password',
        '/recovery/password',
        {
          login: p.login,
        },
      );
      assert.equal(res.statusCode, 200);
      return newestLinkTo(h, smtp, address, before);
    }

    async function signsInWith(p: Person, password: string): Promise<boolean> {
      const res = await freshBrowser(h).submit('/r/dnevnik/login', '/r/dnevnik/login', {
        login: p.login,
        password,
      });
      return res.statusCode === 303;
    }

    async function assertRefused(link: string, p: Person, password: string): Promise<void> {
      const page = await freshBrowser(h).get(link);
      assert.equal(page.statusCode, 410, 'the older link is refused');
      assert.ok(page.body.includes(REPLACED), 'and says why');
      const post = await setPasswordBy(freshBrowser(h), link, password);
      assert.equal(post.statusCode, 410);
      assert.equal(await signsInWith(p, password), false, 'the older link set nothing');
    }

    test('9.5 a newer link supersedes an older unused one', async () => {
      const p = await person();
      const older = await linkFor(p);
      const newer = await linkFor(p);
      assert.notEqual(older, newer);
      await assertRefused(older, p, 'Staraya-Ssylka-2002');
      assert.equal((await setPasswordBy(freshBrowser(h), newer, 'Novaya-Ssylka-3003')).statusCode, 200);
      assert.equal(await signsInWith(p, 'Novaya-Ssylka-3003'), true);
    });

    test('9.5 a password set by a newer link refuses every older link', async () => {
      const p = await person();
      const links = [await linkFor(p), await linkFor(p), await linkFor(p)];
      assert.equal(
        (await setPasswordBy(freshBrowser(h), links[2] as string, 'Tretya-Ssylka-4004')).statusCode,
        200,
      );
      for (const older of links.slice(0, 2)) await assertRefused(older, p, 'Pervaya-Ssylka-5005');
    });

    test('9.5 a password changed in «Настройки» refuses every older link', async () => {
      const p = await person();
      const older = await linkFor(p);
      const b = freshBrowser(h);
      assert.equal(
        (
          await b.submit('/r/dnevnik/login', '/r/dnevnik/login', {
            login: p.login,
            password: 'Staryi-Parol-1001',
          })
        ).statusCode,
        303,
      );
      const changed = await b.submit('/r/dnevnik/settings', '/r/dnevnik/settings/password', {
        current_password: 'Staryi-Parol-1001',
        password: 'Nastroiki-Parol-6006',
        password2: 'Nastroiki-Parol-6006',
      });
      assert.equal(changed.statusCode, 303, changed.body.slice(0, 300));
      await assertRefused(older, p, 'Posle-Nastroek-7007');
      assert.equal(await signsInWith(p, 'Nastroiki-Parol-6006'), true);
    });

    test('9.5 a password set by an operator refuses every older link', async () => {
      const p = await person();
      const older = await linkFor(p);
      const realm = (await h.services.realms.find('dnevnik')) as LoadedRealm;
      const set = await setPasswordByOperator(h.services, realm, p, 'Operator-Parol-8008', { actorId: null });
      assert.equal(set.kind, 'set');
      await assertRefused(older, p, 'Posle-Operatora-9009');
      assert.equal(await signsInWith(p, 'Operator-Parol-8008'), true);
    });
  });
}
