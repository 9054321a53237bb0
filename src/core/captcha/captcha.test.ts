/** The captcha's rules: single use, one try per picture, expiry, tolerant input, no bypass. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { ManualClock, MINUTE } from '../clock.js';
import { type Captcha, type CaptchaChallenge, createCaptcha } from './captcha.js';
import { captchaField } from './field.js';
import { ru } from './messages.js';
import { pngChunkTypes } from './png.js';
import { solvePow } from './pow.js';

const SECRET = 'test-secret-0123456789abcdef-0123456789';
const say = (key: keyof typeof ru): string => ru[key];

function setup(options: { ttlMs?: number; powDifficulty?: number } = {}): {
  captcha: Captcha;
  clock: ManualClock;
  reveal: (c: CaptchaChallenge) => string;
} {
  const clock = new ManualClock();
  const captcha = createCaptcha(
    { secret: SECRET, clock },
    { testHooks: true, powDifficulty: 3000, ...options },
  );
  const reveal = (c: CaptchaChallenge): string => {
    const answer = captcha.revealForTests?.(c.id);
    assert.ok(answer, 'the test hook knows the answer');
    return answer;
  };
  return { captcha, clock, reveal };
}

/** A different answer of the same length, so it is 'wrong' rather than anything else. */
const other = (answer: string): string => answer.replace(/^./, (d) => String((Number(d) + 1) % 10));

describe('picture of digits', () => {
  test('issue → answer → ok; the answer is five CSPRNG digits', async () => {
    const { captcha, reveal } = setup();
    const c = await captcha.issue('image');
    assert.equal(c.kind, 'image');
    assert.match(c.id, /^i\.[A-Za-z0-9_.-]+$/, 'a token fit for an address');
    const answer = reveal(c);
    assert.match(answer, /^[0-9]{5}$/);
    assert.equal(await captcha.verify(c.id, answer), 'ok');
  });

  test('one try per picture: a wrong answer consumes it, then even the right one is reused', async () => {
    const { captcha, reveal } = setup();
    const c = await captcha.issue('image');
    const answer = reveal(c);
    assert.equal(await captcha.verify(c.id, other(answer)), 'wrong');
    assert.equal(await captcha.verify(c.id, answer), 'reused');
  });

  test('a solved picture cannot be used again', async () => {
    const { captcha, reveal } = setup();
    const c = await captcha.issue('image');
    assert.equal(await captcha.verify(c.id, reveal(c)), 'ok');
    assert.equal(await captcha.verify(c.id, reveal(c)), 'reused');
  });

  test('two submissions racing on one picture: exactly one is judged', async () => {
    const { captcha, reveal } = setup();
    const c = await captcha.issue('image');
    const verdicts = await Promise.all([captcha.verify(c.id, reveal(c)), captcha.verify(c.id, reveal(c))]);
    assert.deepEqual(verdicts.sort(), ['ok', 'reused']);
  });

  test('expires after the TTL (10 minutes by default, configurable) on the injected clock', async () => {
    const { captcha, clock, reveal } = setup();
    const late = await captcha.issue('image');
    const inTime = await captcha.issue('image');
    clock.advance(10 * MINUTE - 1);
    assert.equal(await captcha.verify(inTime.id, reveal(inTime)), 'ok');
    clock.advance(1);
    assert.equal(await captcha.verify(late.id, reveal(late)), 'expired');

    const short = setup({ ttlMs: MINUTE });
    const c = await short.captcha.issue('image');
    short.clock.advance(MINUTE);
    assert.equal(await short.captcha.verify(c.id, short.reveal(c)), 'expired');
  });

  test('spaces anywhere and full-width digits are tolerated', async () => {
    const { captcha, reveal } = setup();
    for (const variant of [
      (a: string) => ` ${a.split('').join(' ')} `,
      (a: string) => `${a.slice(0, 2)}\t${a.slice(2)}\u00a0`,
      (a: string) => a.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))),
    ]) {
      const c = await captcha.issue('image');
      assert.equal(await captcha.verify(c.id, variant(reveal(c))), 'ok');
    }
  });

  test('malformed ids and answers give malformed or wrong, never throw', async () => {
    const { captcha, reveal } = setup();
    const c = await captcha.issue('image');
    const badIds: unknown[] = [
      '',
      'x',
      'x'.repeat(10_240),
      '٢١٤٨٨',
      "' OR 1=1; DROP TABLE flows; --",
      `${c.id}'--`,
      c.id.toUpperCase(),
      c.id.replace(/^i/, 'p'),
      undefined,
      null,
      42,
      [c.id],
      { id: c.id },
    ];
    for (const id of badIds)
      assert.equal(await captcha.verify(id, reveal(c)), 'malformed', String(id).slice(0, 40));
    // Answers that say nothing consume nothing: the same picture can still be answered.
    for (const answer of ['', '   ', '1'.repeat(10_240), undefined, null, 12345, [reveal(c)]]) {
      assert.equal(await captcha.verify(c.id, answer), 'malformed', String(answer).slice(0, 40));
    }
    assert.equal(await captcha.verify(c.id, reveal(c)), 'ok');
    // Answers that are an attempt, however odd, are wrong and use up the picture.
    for (const answer of ['٢١٤٨٨', 'ЗОО1б', "1' OR '1'='1", '12345678901234567890', '-1', '1e4']) {
      const d = await captcha.issue('image');
      assert.equal(await captcha.verify(d.id, answer), 'wrong', answer);
      assert.equal(await captcha.verify(d.id, reveal(d)), 'reused');
    }
  });

  test('the markup carries the digits only as pixels, drawn on request', async () => {
    const { captcha, reveal } = setup();
    for (let i = 0; i < 5; i++) {
      const c = await captcha.issue('image');
      const answer = reveal(c);
      const markup = captchaField(say, c, { refreshHref: '/r/dnevnik/recovery', pictureBase: '/p/' }).value;
      assert.ok(markup.includes(`<img src="/p/${c.id}.png"`));
      assert.ok(!markup.includes('data:'), 'no picture inside the page');
      const rest = markup.replaceAll(c.id, '');
      assert.ok(!rest.includes(answer), 'the answer is not in the markup');
      assert.doesNotMatch(markup, /<(svg|text|tspan)\b/i, 'no SVG text elements');
      for (const digit of new Set(answer)) {
        assert.doesNotMatch(rest, new RegExp(`>\\s*${digit}\\s*<`), 'no digit as an element text');
      }
      const png = (await captcha.picture(c.id))?.draw();
      assert.ok(png);
      assert.deepEqual(pngChunkTypes(png), ['IHDR', 'IDAT', 'IEND'], 'pixels only, no text chunk');
    }
  });

  test('a picture is the same each time it is drawn, by any instance with the secret', async () => {
    const { captcha } = setup();
    const twin = createCaptcha({ secret: SECRET, clock: new ManualClock() });
    const stranger = createCaptcha({ secret: `${SECRET}-other`, clock: new ManualClock() });
    const c = await captcha.issue('image');
    const d = await captcha.issue('image');
    const png = (await captcha.picture(c.id))?.draw();
    assert.ok(png);
    assert.deepEqual((await captcha.picture(c.id))?.draw(), png, 'nothing new to average');
    assert.deepEqual((await twin.picture(c.id))?.draw(), png);
    assert.notDeepEqual((await captcha.picture(d.id))?.draw(), png);
    assert.equal(await stranger.picture(c.id), null, 'another secret: not our token');
  });

  test('no picture for a forged, malformed, expired, answered or proof-of-work token', async () => {
    const { captcha, clock, reveal } = setup();
    const c = await captcha.issue('image');
    const [kind, nonce, expiry, check, mac] = c.id.split('.') as [string, string, string, string, string];
    const otherNonce = `${nonce.slice(0, -1)}${nonce.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [
      '',
      'x',
      'x'.repeat(10_000),
      `${c.id}.png`,
      c.id.toUpperCase(),
      [kind, otherNonce, expiry, check, mac].join('.'),
      [kind, nonce, expiry, check, `${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`].join('.'),
      (await captcha.issue('pow')).id,
      undefined,
      42,
      [c.id],
    ]) {
      assert.equal(await captcha.picture(bad), null, String(bad).slice(0, 40));
    }
    assert.ok(await captcha.picture(c.id));
    const answered = await captcha.issue('image');
    assert.equal(await captcha.verify(answered.id, reveal(answered)), 'ok');
    assert.equal(await captcha.picture(answered.id), null, 'answered: nothing left to show');
    clock.advance(10 * MINUTE);
    assert.equal(await captcha.picture(c.id), null, 'expired');
  });
});

describe('proof of work', () => {
  test('a solution found the way the browser finds it verifies, once', async () => {
    const { captcha, reveal } = setup();
    const c = await captcha.issue('pow');
    const pow = c.pow;
    assert.ok(pow);
    assert.equal(pow.algorithm, 'SHA-256');
    assert.equal(pow.maxnumber, 3000);
    assert.match(pow.challenge, /^[0-9a-f]{64}$/);
    assert.match(pow.signature, /^[0-9a-f]{64}$/);
    assert.ok(pow.salt.startsWith(`${c.id.split('.')[1]}?expires=`), 'the salt carries nonce and expiry');
    const number = await solvePow(pow.challenge, pow.salt, pow.maxnumber);
    assert.equal(String(number), reveal(c));
    assert.equal(await captcha.verify(c.id, String(number)), 'ok');
    assert.equal(await captcha.verify(c.id, String(number)), 'reused', 'a replayed solution fails');
  });

  test('forged tokens, a tampered salt and another challenge’s solution fail', async () => {
    const { captcha, reveal } = setup();
    const c = await captcha.issue('pow');
    assert.ok(c.pow);
    const number = String(await solvePow(c.pow.challenge, c.pow.salt, c.pow.maxnumber));
    const [kind, nonce, expiry, check, mac] = c.id.split('.') as [string, string, string, string, string];

    // A forged signature: same fields, MAC from another secret.
    const stranger = createCaptcha({ secret: `${SECRET}-other`, clock: new ManualClock() });
    const foreign = await stranger.issue('pow');
    const foreignMac = foreign.id.split('.')[4];
    assert.equal(
      await captcha.verify([kind, nonce, expiry, check, foreignMac].join('.'), number),
      'malformed',
    );
    assert.equal(await captcha.verify(foreign.id, number), 'malformed', 'another service’s token');
    // Tampered salt: the nonce or expiry it is built from changed in the token.
    const otherNonce = `${nonce.slice(0, -1)}${nonce.endsWith('A') ? 'B' : 'A'}`;
    assert.equal(await captcha.verify([kind, otherNonce, expiry, check, mac].join('.'), number), 'malformed');
    const later = (Number.parseInt(expiry, 36) + 60_000).toString(36);
    assert.equal(await captcha.verify([kind, nonce, later, check, mac].join('.'), number), 'malformed');
    // Tampered salt on the page: the solver finds no number for it (or one that is wrong).
    const tamperedSalt = c.pow.salt.replace(/expires=(\d+)/, (_, s: string) => `expires=${Number(s) + 1}`);
    const bogus = await solvePow(c.pow.challenge, tamperedSalt, c.pow.maxnumber);
    assert.equal(bogus, null);
    // Another challenge's solution is wrong here, and uses this one up.
    const d = await captcha.issue('pow');
    const notD = number === reveal(d) ? String((Number(number) + 1) % 3001) : number;
    assert.equal(await captcha.verify(d.id, notD), 'wrong');
    assert.equal(await captcha.verify(c.id, number), 'ok', 'the original still verifies once');
  });

  test('non-canonical numbers are wrong (leading zeros hash differently), empty is malformed', async () => {
    const { captcha, reveal } = setup();
    const c = await captcha.issue('pow');
    assert.equal(await captcha.verify(c.id, ''), 'malformed');
    assert.equal(await captcha.verify(c.id, `00${reveal(c)}`), 'ok', 'canonicalised before hashing');
    const d = await captcha.issue('pow');
    assert.equal(await captcha.verify(d.id, `${reveal(d)}.0`), 'wrong');
  });

  test('a realm that allows only the picture refuses proof-of-work tokens', async () => {
    const { captcha, reveal } = setup();
    const c = await captcha.issue('pow');
    assert.equal(await captcha.verify(c.id, reveal(c), ['image']), 'malformed');
    assert.equal(await captcha.verify(c.id, reveal(c), ['pow']), 'ok');
    const i = await captcha.issue('image');
    assert.equal(await captcha.verify(i.id, reveal(i), ['pow']), 'malformed');
  });
});

describe('no way around it', () => {
  test('without testHooks there is no revealForTests, and answers must be earned', async () => {
    const clock = new ManualClock();
    const plain = createCaptcha({ secret: SECRET, clock });
    assert.equal('revealForTests' in plain, false);
    assert.equal(plain.revealForTests, undefined);
    const explicit = createCaptcha({ secret: SECRET, clock }, { testHooks: false });
    assert.equal('revealForTests' in explicit, false);

    // One try per picture: after a miss nothing passes, whatever is sent, so guessing is
    // 1 in 100 000 per picture shown.
    const c = await plain.issue('image');
    assert.equal(await plain.verify(c.id, 'abcde'), 'wrong');
    for (const guess of ['12345', '00000', 'ok', 'true', '*'])
      assert.equal(await plain.verify(c.id, guess), 'reused');
    // Nor does a token made by a test-hook instance with another secret.
    const hooked = createCaptcha({ secret: `${SECRET}-tests`, clock }, { testHooks: true });
    const h = await hooked.issue('image');
    assert.equal(await plain.verify(h.id, hooked.revealForTests?.(h.id)), 'malformed');
  });

  test('test hooks are refused when NODE_ENV is production', () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      assert.throws(() => createCaptcha({ secret: SECRET, clock: new ManualClock() }, { testHooks: true }), {
        message: /production/,
      });
      assert.doesNotThrow(() => createCaptcha({ secret: SECRET, clock: new ManualClock() }));
    } finally {
      process.env.NODE_ENV = saved;
    }
  });

  test('a short secret or silly options are refused at start', () => {
    const clock = new ManualClock();
    assert.throws(() => createCaptcha({ secret: 'short', clock }));
    assert.throws(() => createCaptcha({ secret: SECRET, clock }, { ttlMs: 0 }));
    assert.throws(() => createCaptcha({ secret: SECRET, clock }, { powDifficulty: 0.5 }));
    assert.throws(() => createCaptcha({ secret: SECRET, clock }, { digits: 0 }));
  });
});

const REDIS_URL = process.env.TEST_REDIS_URL ?? '';

describe('several instances sharing Redis', {
  skip: REDIS_URL ? false : 'TEST_REDIS_URL is not set: Redis tests skipped',
}, () => {
  test('a solution accepted by one instance is refused by the other, also when racing', async () => {
    const first = new Redis(REDIS_URL);
    const second = new Redis(REDIS_URL);
    try {
      const clock = new ManualClock(Date.now());
      const a = createCaptcha(
        { secret: SECRET, clock, redis: first },
        { testHooks: true, powDifficulty: 2000 },
      );
      const b = createCaptcha({ secret: SECRET, clock, redis: second });

      const picture = await a.issue('image');
      const answer = a.revealForTests?.(picture.id) ?? '';
      assert.equal(await b.verify(picture.id, answer), 'ok', 'issued on one, verified on the other');
      assert.equal(await a.verify(picture.id, answer), 'reused');

      const work = await a.issue('pow');
      assert.ok(work.pow);
      const number = String(await solvePow(work.pow.challenge, work.pow.salt, work.pow.maxnumber));
      const verdicts = await Promise.all([a.verify(work.id, number), b.verify(work.id, number)]);
      assert.deepEqual(verdicts.sort(), ['ok', 'reused']);

      const wrong = await b.issue('image');
      assert.equal(await b.verify(wrong.id, 'abcde'), 'wrong');
      assert.equal(await a.verify(wrong.id, '00000'), 'reused');
      const ttl = await first.pttl(`propusk:captcha:used:${wrong.id.split('.')[1]}`);
      assert.ok(ttl > 10 * MINUTE && ttl <= 11 * MINUTE, `kept until expiry, not forever (${ttl} ms)`);
    } finally {
      first.disconnect();
      second.disconnect();
    }
  });
});
