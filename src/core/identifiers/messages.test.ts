import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOGIN_MAX_LENGTH } from './login.js';
import { en, kk, ru } from './messages.js';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

test('every identifier message key has ru, en and kk text with the same placeholders', () => {
  const keys = Object.keys(ru);
  assert.ok(keys.length > 0);
  for (const [name, catalogue] of Object.entries({ en, kk })) {
    assert.deepEqual(Object.keys(catalogue).sort(), [...keys].sort(), name);
  }
  for (const key of keys) {
    const texts = [ru, en, kk].map((c) => (c as Readonly<Record<string, string>>)[key] ?? '');
    for (const text of texts) assert.ok(text.trim().length > 0, key);
    const [first, ...rest] = texts.map(placeholders);
    for (const other of rest) assert.deepEqual(other, first, key);
  }
});

test('the Kazakh text is Kazakh, not a copy of Russian', () => {
  for (const key of Object.keys(ru) as (keyof typeof ru)[]) {
    assert.notEqual(kk[key], ru[key], key);
  }
});

test('the login length in the messages matches LOGIN_MAX_LENGTH', () => {
  for (const catalogue of [ru, en, kk])
    assert.match(catalogue['login.too_long'], new RegExp(`\\b${LOGIN_MAX_LENGTH}\\b`));
});

test('the Russian texts use the wording of the help articles', () => {
  assert.equal(
    ru['login.mixed_scripts'],
    'Логин содержит и латинские, и русские буквы. Проверьте раскладку клавиатуры',
  );
  assert.match(ru['snils.invalid_format'], /^Неверный формат СНИЛС/);
});
