/**
 * Issue 15.3 (captcha): a form page only names its picture; the picture is drawn when asked for,
 * from its own address, throttled per IP. Issue 9.9: the proof of work grows harder with volume.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from '../../test/support/harness.js';
import { MINUTE } from '../core/clock.js';
import { CAPTCHA_PICTURE_LIMIT } from './captcha-picture.js';

const PNG_SIGNATURE = '89504e470d0a1a0a';

function pictureOf(body: string): { src: string; id: string } {
  const m = /<img src="(\/r\/[a-z]+\/captcha\/([^"]+)\.png)"/.exec(body);
  assert.ok(m?.[1] && m[2], 'the page names a picture');
  return { src: m[1], id: m[2] };
}

for (const dialect of DIALECTS) {
  describe(`captcha pictures on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let ip = 0;
    const browser = (): Browser => new Browser(h.app, { 'x-forwarded-for': `192.0.2.${++ip}` });
    before(async () => {
      h = await startHarness(dialect.name);
    });
    after(async () => {
      await h?.close();
    });

    test('15.3 the form page names its picture; the picture is drawn at its own address', async () => {
      const b = browser();
      const page = await b.get('/r/dnevnik/recovery/password');
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('data:image'), 'no picture inside the page');
      const { src, id } = pictureOf(page.body);
      assert.ok(page.body.includes(`name="captcha_id" value="${id}"`));
      const png = await b.get(src);
      assert.equal(png.statusCode, 200);
      assert.equal(png.headers['content-type'], 'image/png');
      assert.equal(png.headers['cache-control'], 'no-store');
      assert.ok(png.headers['content-security-policy'], 'security headers as on every response');
      assert.equal(png.rawPayload.subarray(0, 8).toString('hex'), PNG_SIGNATURE);
      assert.deepEqual((await b.get(src)).rawPayload, png.rawPayload, 'the same picture each time');

      // Where the proof of work is allowed, the picture waits in <noscript>: a browser that does
      // the work never fetches it.
      const eljur = await b.get('/r/eljur/recovery');
      const picture = pictureOf(eljur.body);
      assert.match(eljur.body, /<noscript><img src="\/r\/eljur\/captcha\/[^"]+\.png"/);
      assert.ok(eljur.body.includes(`data-src="${picture.src}"`));
      assert.equal((await b.get(picture.src)).statusCode, 200);
    });

    test('bad addresses: empty, too long, wrong alphabet, forged, proof of work, expired, answered — a localised 404', async () => {
      const b = browser();
      const page = await b.get('/r/dnevnik/recovery/password');
      const { id } = pictureOf(page.body);
      const [kind, nonce, expiry, check, mac] = id.split('.') as [string, string, string, string, string];
      const forged = [kind, `${nonce.startsWith('A') ? 'B' : 'A'}${nonce.slice(1)}`, expiry, check, mac].join(
        '.',
      );
      const powId = /data-captcha-pow[^>]*>[\s\S]*?name="captcha_id" value="([^"]+)"/.exec(
        (await b.get('/r/eljur/recovery')).body,
      )?.[1];
      assert.ok(powId);
      for (const bad of [
        '.png',
        `${'i'.repeat(190)}.png`,
        `${encodeURIComponent('ц'.repeat(20))}.png`,
        `${encodeURIComponent("' OR 1=1 --")}.png`,
        id,
        `${id}.gif`,
        `${forged}.png`,
        `${powId}.png`,
      ]) {
        const res = await b.get(`/r/dnevnik/captcha/${bad}`);
        assert.equal(res.statusCode, 404, bad.slice(0, 40));
        assert.ok(res.body.includes('Страница не найдена.'), bad.slice(0, 40));
      }
      const english = await b.get(`/r/dnevnik/captcha/${forged}.png`, { cookie: 'lang=en' });
      assert.ok(english.body.includes('Page not found.'));
      const long = await b.get(`/r/dnevnik/captcha/${'i'.repeat(300)}.png`);
      assert.ok(long.statusCode >= 400 && long.statusCode < 500, `too long: ${long.statusCode}`);

      // Answered: the form took the picture's one try; there is nothing left to show.
      const answered = await b.post('/r/dnevnik/recovery/password', {
        _csrf: csrfTokenOf(page.body),
        captcha_id: id,
        captcha: h.services.captcha.revealForTests?.(id) ?? '',
        login: 'nobody.here',
      });
      assert.equal(answered.statusCode, 200);
      assert.equal((await b.get(`/r/dnevnik/captcha/${id}.png`)).statusCode, 404);

      const later = pictureOf((await b.get('/r/dnevnik/recovery/password')).body);
      assert.equal((await b.get(later.src)).statusCode, 200);
      h.clock.advance(10 * MINUTE);
      assert.equal((await b.get(later.src)).statusCode, 404, 'expired');
    });

    test('drawing is throttled per IP, counted before drawing, also when racing; bad addresses count nothing', async () => {
      const b = browser();
      const { src } = pictureOf((await b.get('/r/dnevnik/recovery/password')).body);
      for (let i = 0; i < 20; i++) await b.get('/r/dnevnik/captcha/i.forged.png');
      const answers = await Promise.all(
        Array.from({ length: CAPTCHA_PICTURE_LIMIT.points + 10 }, () => b.get(src)),
      );
      const statuses = answers.map((r) => r.statusCode);
      assert.equal(statuses.filter((s) => s === 200).length, CAPTCHA_PICTURE_LIMIT.points);
      assert.equal(statuses.filter((s) => s === 429).length, 10);
      const refused = answers.find((r) => r.statusCode === 429);
      assert.ok(Number(refused?.headers['retry-after']) > 0);
      assert.ok(refused?.body.includes('Слишком много запросов'));
      assert.equal((await browser().get(src)).statusCode, 200, 'another address has its own budget');
    });

    test('9.9 the proof of work grows harder with the answers from one IP, and from the realm', async () => {
      const maxnumber = (body: string): number => Number(/data-maxnumber="(\d+)"/.exec(body)?.[1]);
      const b = browser();
      const first = await b.get('/r/eljur/recovery');
      const base = maxnumber(first.body);
      assert.equal(base, 100_000);
      const answerOnce = async (): Promise<void> => {
        const page = await b.get('/r/eljur/recovery');
        const powId =
          /data-captcha-pow[^>]*>[\s\S]*?name="captcha_id" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
        const res = await b.post('/r/eljur/recovery/email', {
          _csrf: csrfTokenOf(page.body),
          captcha_id: powId,
          captcha: '1',
          email: 'nobody@example.org',
        });
        assert.equal(res.statusCode, 400, 'a wrong answer');
      };
      const seen: number[] = [];
      for (let i = 0; i < 10; i++) {
        await answerOnce();
        seen.push(maxnumber((await b.get('/r/eljur/recovery')).body));
      }
      // 1× below 5 answers, 2× from 5, 4× from 10.
      assert.deepEqual(
        seen,
        [1, 1, 1, 1, 2, 2, 2, 2, 2, 4].map((x) => x * base),
      );
      assert.equal(
        maxnumber((await browser().get('/r/eljur/recovery')).body),
        base,
        'others still pay the base',
      );
      // Answers to the picture don't count: they make the work no cheaper.
      const reader = browser();
      for (let i = 0; i < 6; i++) {
        const page = await reader.get('/r/eljur/recovery');
        const res = await reader.post('/r/eljur/recovery/email', {
          _csrf: csrfTokenOf(page.body),
          captcha_id: pictureOf(page.body).id,
          captcha: '00000',
          email: 'nobody@example.org',
        });
        assert.equal(res.statusCode, 400);
      }
      assert.equal(maxnumber((await reader.get('/r/eljur/recovery')).body), base, 'picture answers');
      h.clock.advance(10 * MINUTE);
      assert.equal(maxnumber((await b.get('/r/eljur/recovery')).body), base, 'the volume is recent volume');

      // The whole realm: 300 answers in ten minutes double everyone's work.
      const realm = h.services.limiters.limiter({
        name: 'captcha-volume-realm',
        points: 1e9,
        windowSeconds: 600,
      });
      for (let i = 0; i < 299; i++) await realm.hit('eljur');
      assert.equal(maxnumber((await browser().get('/r/eljur/recovery')).body), base);
      await realm.hit('eljur');
      assert.equal(maxnumber((await browser().get('/r/eljur/recovery')).body), 2 * base);
    });
  });
}
