import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEmail, EMAIL_MAX_LENGTH } from './email.js';

test('checkEmail accepts ordinary addresses and lower-cases the normalized form', () => {
  assert.deepEqual(checkEmail('  Ivanov.Petr@Mail.RU '), {
    ok: true,
    email: 'Ivanov.Petr@Mail.RU',
    normalized: 'ivanov.petr@mail.ru',
  });
  for (const email of [
    '14a139@mail.ru',
    'primer@eljur.ru',
    'tteniscent@gmail.com',
    'first_last+school@sub.example.kz',
    "o'brien@example.co.uk",
    'a@b.cd',
    'user@xn--p1ai.xn--p1ai',
    'user@my-school.ru',
  ]) {
    assert.equal(checkEmail(email).ok, true, email);
  }
});

test('checkEmail: empty', () => {
  assert.deepEqual(checkEmail(''), { ok: false, code: 'email.empty' });
  assert.deepEqual(checkEmail(' \t\n '), { ok: false, code: 'email.empty' });
});

test('checkEmail: too long, whole address or local part', () => {
  const long = `${'a'.repeat(300 - '@mail.ru'.length)}@mail.ru`;
  assert.equal(long.length, 300);
  assert.deepEqual(checkEmail(long), { ok: false, code: 'email.too_long' });
  assert.deepEqual(checkEmail(`${'a'.repeat(65)}@mail.ru`), { ok: false, code: 'email.too_long' });
  assert.equal(checkEmail(`${'a'.repeat(64)}@mail.ru`).ok, true);
  const domain = `${'d'.repeat(60)}.${'d'.repeat(60)}.${'d'.repeat(60)}.${'d'.repeat(60)}.ru`;
  const atLimit = `${'a'.repeat(EMAIL_MAX_LENGTH - domain.length - 1)}@${domain}`;
  assert.equal(atLimit.length, EMAIL_MAX_LENGTH);
  assert.equal(checkEmail(atLimit).ok, true);
  assert.deepEqual(checkEmail(`a${atLimit}`), { ok: false, code: 'email.too_long' });
});

test('checkEmail: Cyrillic addresses get their own code', () => {
  assert.deepEqual(checkEmail('иванов@почта.рф'), { ok: false, code: 'email.non_ascii' });
  assert.deepEqual(checkEmail('ivanov@почта.рф'), { ok: false, code: 'email.non_ascii' });
  // A single look-alike letter: Cyrillic «а» in mаil.ru.
  assert.deepEqual(checkEmail('ivanov@m\u0430il.ru'), { ok: false, code: 'email.non_ascii' });
});

test('checkEmail: malformed addresses', () => {
  for (const bad of [
    'ivanov',
    'ivanov@',
    '@mail.ru',
    'ivanov@@mail.ru',
    'ivanov@mail@ru',
    'ivanov@mail',
    'ivanov..petr@mail.ru',
    '.ivanov@mail.ru',
    'ivanov.@mail.ru',
    'ivanov@mail..ru',
    'ivanov@.mail.ru',
    'ivanov@mail.ru.',
    'ivanov@-mail.ru',
    'ivanov@mail-.ru',
    'ivanov@mail.r',
    'ivanov@mail.r1',
    'ivanov@127.0.0.1',
    'ivan ov@mail.ru',
    'ivanov@mail.ru\u0000',
    '"ivanov"@mail.ru',
    'ivanov(comment)@mail.ru',
    '<ivanov@mail.ru>',
    'ivanov@mail.ru, petrov@mail.ru',
  ]) {
    assert.deepEqual(checkEmail(bad), { ok: false, code: 'email.invalid' }, JSON.stringify(bad));
  }
});
