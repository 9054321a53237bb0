import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLogin, LOGIN_MAX_LENGTH } from './login.js';

test('checkLogin accepts Latin logins and normalises case', () => {
  assert.deepEqual(checkLogin('  EkaterinaVolkov '), {
    ok: true,
    login: 'EkaterinaVolkov',
    normalized: 'ekaterinavolkov',
  });
  for (const login of ['ekaterinavolkov', 'ivanov.p', 'ivanov_2009', 'st-1399', 'ivanov@mail.ru', 'a']) {
    assert.equal(checkLogin(login).ok, true, login);
  }
});

test('checkLogin accepts all-Cyrillic logins, Russian and Kazakh', () => {
  assert.deepEqual(checkLogin('Волкова.Екатерина'), {
    ok: true,
    login: 'Волкова.Екатерина',
    normalized: 'волкова.екатерина',
  });
  assert.equal(checkLogin('Ёлкин_2010').ok, true);
  assert.equal(checkLogin('Әлия.Қасымова').ok, true);
});

test('checkLogin normalises with NFKC', () => {
  // Full-width Latin is stored as what it means.
  assert.deepEqual(checkLogin('ｉｖａｎｏｖ'), { ok: true, login: 'ｉｖａｎｏｖ', normalized: 'ivanov' });
  // й typed as и + combining breve is the same login as the precomposed й.
  const decomposed = checkLogin('и\u0306ван');
  const composed = checkLogin('йван');
  assert.equal(decomposed.ok && composed.ok && decomposed.normalized === composed.normalized, true);
});

test('checkLogin: empty', () => {
  assert.deepEqual(checkLogin(''), { ok: false, code: 'login.empty' });
  assert.deepEqual(checkLogin(' \t '), { ok: false, code: 'login.empty' });
});

test('checkLogin: too long, including a 10 KB input', () => {
  assert.equal(checkLogin('a'.repeat(LOGIN_MAX_LENGTH)).ok, true);
  assert.deepEqual(checkLogin('a'.repeat(LOGIN_MAX_LENGTH + 1)), { ok: false, code: 'login.too_long' });
  assert.deepEqual(checkLogin('a'.repeat(10 * 1024)), { ok: false, code: 'login.too_long' });
  // Length is in characters, not UTF-16 units: 64 Cyrillic letters fit.
  assert.equal(checkLogin('я'.repeat(LOGIN_MAX_LENGTH)).ok, true);
  // NFKC can expand: one U+FDFA becomes 18 characters.
  assert.deepEqual(checkLogin('\ufdfa'.repeat(4)), { ok: false, code: 'login.too_long' });
});

test('checkLogin: NUL and other invisible characters', () => {
  for (const bad of [
    'ivanov\u0000',
    'iva\u0000nov',
    'ivan\tov',
    'ivan\u007fov',
    'ivan\u200bov',
    'ivan\u202eov',
  ]) {
    assert.deepEqual(checkLogin(bad), { ok: false, code: 'login.control_chars' }, JSON.stringify(bad));
  }
  // A lone surrogate.
  assert.deepEqual(checkLogin('ivan\ud800ov'), { ok: false, code: 'login.control_chars' });
});

test('checkLogin: Latin and Cyrillic mixed (look-alikes, wrong layout)', () => {
  // `ivаnov` with a Cyrillic «а» (U+0430).
  assert.deepEqual(checkLogin('iv\u0430nov'), { ok: false, code: 'login.mixed_scripts' });
  assert.deepEqual(checkLogin('Ivanov.Пётр'), { ok: false, code: 'login.mixed_scripts' });
  assert.deepEqual(checkLogin('iv\u0430nov!'), { ok: false, code: 'login.mixed_scripts' });
});

test('checkLogin: characters outside the alphabet', () => {
  for (const bad of [
    "' OR 1=1 --",
    'ivanov; DROP TABLE users',
    'ivan ov',
    'ivanov!',
    '<script>',
    'ivan/ov',
    'ivanov😀',
    // Greek omicron: a third script is refused outright.
    'ivan\u03bfv',
    // Arabic-Indic digits.
    'ivanov\u0661\u0662',
  ]) {
    assert.deepEqual(checkLogin(bad), { ok: false, code: 'login.invalid_chars' }, JSON.stringify(bad));
  }
});
