/** The captcha field's markup: works without JavaScript, no inline script or style, accessible. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../clock.js';
import { CAPTCHA_KINDS, createCaptcha, issueForPolicy } from './captcha.js';
import { captchaErrorKey, captchaField } from './field.js';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from './image.js';
import { en, ru } from './messages.js';

const captcha = createCaptcha({ secret: 's'.repeat(32), clock: new ManualClock() }, { powDifficulty: 1000 });
const say = (key: keyof typeof ru): string => ru[key];

function assertCspSafe(markup: string): void {
  assert.doesNotMatch(markup, /<script(?![^>]*\ssrc=)[^>]*>/, 'no inline script');
  assert.doesNotMatch(markup, /\sstyle=|<style/, 'no inline style');
  assert.doesNotMatch(markup, /\son[a-z]+=/, 'no event handler attributes');
  for (const m of markup.matchAll(/<script[^>]*\ssrc="([^"]+)"/g))
    assert.equal(m[1], '/assets/altcha-solver.js');
}

test('picture only: image, alt, refresh link, the Dnevnik label and a numeric input, no script', async () => {
  const { challenge, alternative } = await issueForPolicy(captcha, 'image');
  assert.equal(alternative, undefined);
  const markup = captchaField(say, challenge, {
    refreshHref: '/r/dnevnik/recovery?kind=password',
    pictureBase: '/r/dnevnik/captcha/',
  }).value;
  assertCspSafe(markup);
  assert.ok(
    markup.includes(
      `<img src="/r/dnevnik/captcha/${challenge.id}.png" alt="Картинка с цифрами для проверки, что вы не робот" width="${IMAGE_WIDTH}" height="${IMAGE_HEIGHT}">`,
    ),
    'the picture is fetched from its own address',
  );
  assert.ok(!markup.includes('<noscript>'), 'a plain picture, shown with or without script');
  assert.match(markup, /<a href="\/r\/dnevnik\/recovery\?kind=password">Показать другую картинку<\/a>/);
  assert.match(markup, /<label for="captcha">Введите символы с картинки<\/label>/);
  const input = /<input id="captcha"[^>]*>/.exec(markup)?.[0] ?? '';
  for (const attr of ['name="captcha"', 'type="text"', 'inputmode="numeric"', 'autocomplete="off"']) {
    assert.ok(input.includes(attr), attr);
  }
  assert.ok(!input.includes('disabled'));
  assert.ok(markup.includes(`<input type="hidden" name="captcha_id" value="${challenge.id}">`));
  assert.ok(!markup.includes('<script'), 'nothing to run');
  assert.ok(!markup.includes('data-captcha-pow'));
});

test('picture or proof of work: the picture is the no-script default, the work waits disabled', async () => {
  const { challenge, alternative } = await issueForPolicy(captcha, 'image-or-pow');
  assert.equal(challenge.kind, 'image');
  assert.equal(alternative?.kind, 'pow');
  const markup = captchaField(say, challenge, {
    pictureBase: '/r/eljur/captcha/',
    ...(alternative ? { alternative } : {}),
  }).value;
  assertCspSafe(markup);
  assert.ok(!markup.includes('Показать другую картинку'), 'no refresh link without an address');
  const box = /<div class="captcha-pow" data-captcha-pow hidden[^>]*>/.exec(markup)?.[0] ?? '';
  assert.ok(box, 'the proof of work is hidden until the script runs');
  assert.ok(box.includes(`data-challenge="${alternative?.pow?.challenge}"`));
  assert.ok(
    box.includes(`data-salt="${alternative?.pow?.salt.replace(/&/g, '&amp;')}"`),
    'the salt is escaped',
  );
  assert.ok(box.includes('data-maxnumber="1000"'));
  assert.ok(box.includes('data-text-done="Проверка пройдена, вводить символы с картинки не нужно"'));
  assert.ok(markup.includes(`<input type="hidden" name="captcha_id" value="${alternative?.id}" disabled>`));
  assert.ok(markup.includes('<input type="hidden" name="captcha" value="" disabled>'));
  assert.ok(markup.includes(`<input type="hidden" name="captcha_id" value="${challenge.id}">`));
  // Without script the picture simply works; with it, the picture is never fetched unless the
  // work fails (the script then builds the <img> from data-src).
  const src = `/r/eljur/captcha/${challenge.id}.png`;
  assert.ok(
    markup.includes(`<noscript><img src="${src}" alt="Картинка с цифрами для проверки, что вы не робот"`),
  );
  assert.ok(markup.includes(`data-src="${src}"`));
  assert.ok(markup.includes('data-alt="Картинка с цифрами для проверки, что вы не робот"'));
  assert.match(markup, /<script src="\/assets\/altcha-solver.js" defer><\/script>/);
});

test('proof of work only: enabled hidden inputs and a noscript note', async () => {
  const { challenge } = await issueForPolicy(captcha, 'pow');
  const markup = captchaField((k) => en[k], challenge, { refreshHref: '/x' }).value;
  assertCspSafe(markup);
  assert.ok(!markup.includes('<img'));
  assert.ok(!markup.includes('Show another picture'));
  assert.match(markup, /<div class="captcha-pow" data-captcha-pow data-challenge=/);
  assert.ok(markup.includes(`<input type="hidden" name="captcha_id" value="${challenge.id}">`));
  assert.ok(markup.includes('<input type="hidden" name="captcha" value="">'));
  assert.match(markup, /<noscript><p class="field-error">Turn on JavaScript/);
});

test('an error is shown, announced and tied to the input', async () => {
  const c = await captcha.issue('image');
  const markup = captchaField(say, c, { error: ru['captcha.wrong'] }).value;
  assert.match(
    markup,
    /<p class="field-error" id="captcha-error" role="alert">Неверно введены символы с картинки<\/p>/,
  );
  assert.match(markup, /<input id="captcha"[^>]*aria-invalid="true" aria-describedby="captcha-error"/);
});

test('every verdict but ok has a message', () => {
  assert.equal(captchaErrorKey('ok'), null);
  assert.equal(captchaErrorKey('wrong'), 'captcha.wrong');
  assert.equal(captchaErrorKey('expired'), 'captcha.expired');
  assert.equal(captchaErrorKey('reused'), 'captcha.reused');
  assert.equal(captchaErrorKey('malformed'), 'captcha.required');
  assert.deepEqual(CAPTCHA_KINDS, ['image', 'pow']);
});
