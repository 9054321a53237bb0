/**
 * Linking by hand from «Мой профиль» through HTTP against the simulator, on SQLite and
 * PostgreSQL: the current password first, one ESIA account to one profile, «Отвязать».
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test/support/databases.js';
import { esiaAddress, simulatorFor, walkSimulator } from '../../../test/support/esia.js';
import { Browser, type Harness, startHarness } from '../../../test/support/harness.js';
import type { RunningSimulator } from '../../esia/sim/start.js';

for (const dialect of DIALECTS) {
  describe(`linking by hand on ${dialect.name}`, { skip: dialect.skip }, () => {
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

    async function signedIn(login: string, password: string): Promise<Browser> {
      const b = new Browser(h.app);
      const res = await b.submit('/r/dnevnik/login', '/r/dnevnik/login', { login, password });
      assert.equal(res.statusCode, 303);
      return b;
    }

    test('«Связать с госуслугами» after the current password, then sign-in works; «Отвязать» undoes it', async () => {
      const b = await signedIn('komarova.oi', 'Gosuslugi-Dnevnik6');
      const profile = await b.get('/r/dnevnik/profile');
      assert.match(profile.body, /не связана с порталом госуслуг/);
      const empty = await b.submit('/r/dnevnik/esia/link', '/r/dnevnik/esia/link', { password: '' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Введите текущий пароль/);
      const wrong = await b.submit('/r/dnevnik/esia/link', '/r/dnevnik/esia/link', { password: 'nope' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Неверный пароль/);
      const start = await b.submit('/r/dnevnik/esia/link', '/r/dnevnik/esia/link', {
        password: 'Gosuslugi-Dnevnik6',
      });
      const back = new URL(await walkSimulator(sim, esiaAddress(start), 'no-snils'));
      const linked = await b.get(`${back.pathname}${back.search}`);
      assert.equal(linked.headers.location, '/r/dnevnik/profile?esia=linked');
      assert.match((await b.get('/r/dnevnik/profile?esia=linked')).body, /Учётные записи связаны/);
      // The plain page reads the link itself (on SQLite straight from the connection).
      const plain = (await b.get('/r/dnevnik/profile')).body;
      assert.match(plain, /href="\/r\/dnevnik\/esia\/unlink"/);
      assert.doesNotMatch(plain, /не связана с порталом госуслуг/);

      // Now «Войти через госуслуги» finds her through the link (no SNILS in her profile).
      const other = new Browser(h.app);
      const region = /<option value="([^"]+)"/.exec(
        (await other.get('/r/dnevnik/esia/region')).body,
      )?.[1] as string;
      const go = await other.submit('/r/dnevnik/esia/region', '/r/dnevnik/esia/start', { region });
      const cb = new URL(await walkSimulator(sim, esiaAddress(go), 'no-snils'));
      assert.equal((await other.get(`${cb.pathname}${cb.search}`)).headers.location, '/r/dnevnik/profile');

      // The same ESIA account cannot be linked to a second profile.
      const ivanov = await signedIn('ivanov.ap', 'Gosuslugi-Dnevnik1');
      const s2 = await ivanov.submit('/r/dnevnik/esia/link', '/r/dnevnik/esia/link', {
        password: 'Gosuslugi-Dnevnik1',
      });
      const cb2 = new URL(await walkSimulator(sim, esiaAddress(s2), 'no-snils'));
      assert.equal(
        (await ivanov.get(`${cb2.pathname}${cb2.search}`)).headers.location,
        '/r/dnevnik/profile?esia=oid-taken',
      );

      const un = await b.submit('/r/dnevnik/esia/unlink', '/r/dnevnik/esia/unlink', {
        password: 'Gosuslugi-Dnevnik6',
      });
      assert.equal(un.headers.location, '/r/dnevnik/profile?esia=unlinked');
      assert.match((await b.get('/r/dnevnik/profile')).body, /не связана с порталом госуслуг/);
      const events = (await h.services.audit.listForRealm('dnevnik', 50)).map((e) => e.action);
      assert.ok(events.includes('esia.linked') && events.includes('esia.unlinked'));
    });

    test('linking needs a session; a link callback in another session is refused', async () => {
      const anon = new Browser(h.app);
      const res = await anon.get('/r/dnevnik/esia/link');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/r/dnevnik/login');
    });
  });
}
