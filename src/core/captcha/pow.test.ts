/**
 * The proof of work: the solving algorithm, the number's canonical form, and the browser script
 * itself, run in a `node:vm` context with just enough of a DOM to see it fill the form.
 */
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { ManualClock } from '../clock.js';
import { projectRoot } from '../paths.js';
import { createCaptcha } from './captcha.js';
import { powChallenge, powNumber, powSalt, powSolves, SOLVER_BATCH, sha256Hex, solvePow } from './pow.js';

const SCRIPT = readFileSync(join(projectRoot(), 'public', 'altcha-solver.js'), 'utf8');

test('solvePow finds the secret number, at the edges of the range too, and null when there is none', async () => {
  const salt = powSalt('AAAAAAAAAAAAAAAAAAAAAA', 1_800_000_000_000);
  assert.equal(salt, 'AAAAAAAAAAAAAAAAAAAAAA?expires=1800000000&');
  for (const n of [0, 1, SOLVER_BATCH - 1, SOLVER_BATCH, 999, 1000]) {
    const c = powChallenge(salt, n, 1000, 'key');
    assert.equal(await solvePow(c.challenge, c.salt, c.maxnumber), n);
    assert.ok(powSolves(salt, String(n), c.challenge));
  }
  const beyond = powChallenge(salt, 1001, 1000, 'key');
  assert.equal(await solvePow(beyond.challenge, salt, 1000), null);
});

test('the challenge is ALTCHA v1: SHA-256 of salt ‖ number, signed with HMAC-SHA256 of the challenge', () => {
  const c = powChallenge('abc?expires=1&', 42, 100, 'key');
  // Reference values from openssl: printf 'abc?expires=1&42' | openssl dgst -sha256, then
  // printf <challenge> | openssl dgst -sha256 -hmac key.
  assert.equal(c.challenge, '689d1180a58734d6422132137d4ac583afb922cae9c18591f413a11e890e897c');
  assert.equal(c.challenge, sha256Hex('abc?expires=1&42'));
  assert.equal(c.signature, 'afb0c472c5bdfdfed78b0cac120fbda3a54040858789ca111ecb616c0b13a342');
  assert.equal(c.algorithm, 'SHA-256');
  assert.equal(c.maxnumber, 100);
});

test('submitted numbers are canonical decimals within range', () => {
  assert.equal(powNumber('42', 100), '42');
  assert.equal(powNumber(' 042 ', 100), '42');
  assert.equal(powNumber('101', 100), null);
  for (const bad of ['', '-1', '1.0', '1e2', '0x10', '١٢', '12345678901'])
    assert.equal(powNumber(bad, 1e10), null, bad);
});

test('the browser script is short and uses the same batch as solvePow', () => {
  assert.ok(SCRIPT.trimEnd().split('\n').length <= 60, 'altcha-solver.js stays a small direct port');
  assert.match(SCRIPT, new RegExp(`const BATCH = ${SOLVER_BATCH};`));
});

// ---- the shipped script against a minimal DOM ----------------------------------------------------

interface FakeInput {
  name: string;
  value: string;
  disabled: boolean;
}

function fakePage(data: Record<string, string>, withPicture: boolean) {
  const pictureInputs: FakeInput[] = [
    { name: 'captcha', value: '', disabled: false },
    { name: 'captcha_id', value: 'picture-token', disabled: false },
  ];
  const powInputs: FakeInput[] = [
    { name: 'captcha_id', value: 'pow-token', disabled: withPicture },
    { name: 'captcha', value: '', disabled: withPicture },
  ];
  // The picture's <img> waits in <noscript>; `img` is what the script put in its place.
  const picture = {
    hidden: false,
    dataset: { src: '/r/eljur/captcha/picture-token.png', alt: 'digits' },
    img: null as null | Record<string, unknown>,
    querySelectorAll: () => pictureInputs,
    querySelector(selector: string) {
      if (selector === 'img') return this.img;
      if (selector !== 'noscript' || this.img) return null;
      return { replaceWith: (el: Record<string, unknown>) => (this.img = el) };
    },
  };
  const status = { textContent: '' };
  const listeners: ((event: { preventDefault(): void }) => void)[] = [];
  const form = {
    submitted: 0,
    addEventListener: (_: string, f: (event: { preventDefault(): void }) => void) => listeners.push(f),
    requestSubmit() {
      let prevented = false;
      for (const f of listeners) f({ preventDefault: () => (prevented = true) });
      if (!prevented) this.submitted++;
    },
  };
  const field = { querySelector: () => (withPicture ? picture : null) };
  const box = {
    hidden: withPicture,
    dataset: data,
    closest: (selector: string) => (selector === 'form' ? form : field),
    querySelector: (selector: string) =>
      selector === '[data-captcha-status]' ? status : powInputs.find((i) => selector.includes(`"${i.name}"`)),
    querySelectorAll: () => powInputs,
  };
  const document = {
    querySelectorAll: () => [box],
    createElement: (tag: string): Record<string, unknown> => ({ tag }),
  };
  return { document, box, picture, status, form, pictureInputs, powInputs };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), 'the script finished');
}

test('altcha-solver.js solves the challenge, swaps the picture out and submits a click made meanwhile', async () => {
  const captcha = createCaptcha(
    { secret: 'x'.repeat(32), clock: new ManualClock() },
    { powDifficulty: 5000 },
  );
  const c = await captcha.issue('pow');
  assert.ok(c.pow);
  const texts = { textWorking: 'working', textDone: 'done', textFailed: 'failed' };
  const page = fakePage(
    { challenge: c.pow.challenge, salt: c.pow.salt, maxnumber: String(c.pow.maxnumber), ...texts },
    true,
  );
  runInNewContext(SCRIPT, {
    document: page.document,
    window: { crypto: webcrypto },
    crypto: webcrypto,
    TextEncoder,
  });
  assert.equal(page.picture.hidden, true, 'the picture gives way while the script works');
  assert.equal(page.status.textContent, 'working');
  page.form.requestSubmit(); // «Далее» clicked before the work is done: held back
  assert.equal(page.form.submitted, 0);
  await until(() => page.status.textContent === 'done');
  assert.equal(page.form.submitted, 1, 'then sent once the solution is in');
  assert.ok(
    page.pictureInputs.every((i) => i.disabled),
    'the picture inputs are no longer sent',
  );
  assert.ok(page.powInputs.every((i) => !i.disabled));
  assert.equal(page.picture.img, null, 'the picture was never fetched');
  const answer = page.powInputs.find((i) => i.name === 'captcha')?.value ?? '';
  assert.equal(await captcha.verify(c.id, answer), 'ok');
});

test('altcha-solver.js falls back to the picture when no number fits or Web Crypto is missing', async () => {
  const texts = { textWorking: 'working', textDone: 'done', textFailed: 'failed' };
  const unsolvable = { challenge: '0'.repeat(64), salt: 'x', maxnumber: '300', ...texts };
  const page = fakePage(unsolvable, true);
  runInNewContext(SCRIPT, {
    document: page.document,
    window: { crypto: webcrypto },
    crypto: webcrypto,
    TextEncoder,
  });
  await until(() => page.picture.hidden === false);
  assert.equal(page.box.hidden, true);
  assert.deepEqual(
    page.picture.img,
    { tag: 'img', src: '/r/eljur/captcha/picture-token.png', alt: 'digits' },
    'the picture is fetched now, from data-src',
  );
  assert.ok(
    page.pictureInputs.every((i) => !i.disabled),
    'the picture is what gets sent',
  );
  page.form.requestSubmit();
  assert.equal(page.form.submitted, 1, 'and the form is not held back');

  const bare = fakePage(unsolvable, false);
  runInNewContext(SCRIPT, { document: bare.document, window: {}, TextEncoder });
  assert.equal(bare.status.textContent, 'failed', 'proof of work only: say so');
  const plain = fakePage(unsolvable, true);
  runInNewContext(SCRIPT, { document: plain.document, window: {}, TextEncoder });
  assert.equal(plain.picture.hidden, false, 'no Web Crypto (plain HTTP): the picture stays');
  assert.equal(plain.picture.img?.src, '/r/eljur/captcha/picture-token.png');
});
