import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en, kk, ru } from './messages.js';
import { checkPassword, describePolicy, PASSWORD_PRESETS, type PasswordPolicy } from './policy.js';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

test('every password message key has ru, en and kk text with the same placeholders', () => {
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
  for (const key of Object.keys(ru) as (keyof typeof ru)[]) assert.notEqual(kk[key], ru[key], key);
});

test('every violation and hint carries the params its message needs', () => {
  const strict: PasswordPolicy = { ...PASSWORD_PRESETS.recycle, maxLength: 16 };
  const samples = ['', 'x'.repeat(200), 'a\u0000', 'abc', 'ABC', '!!!', 'qwerty123'];
  const items = [
    ...Object.values(PASSWORD_PRESETS).flatMap((policy) => [
      ...describePolicy(policy),
      ...samples.flatMap((pw) => checkPassword(pw, policy, {})),
    ]),
    ...describePolicy(strict),
    ...samples.flatMap((pw) => checkPassword(pw, strict, {})),
  ];
  assert.ok(items.length > 20);
  for (const item of items) {
    for (const name of placeholders(ru[item.key])) {
      assert.ok(item.params !== undefined && Object.hasOwn(item.params, name), `${item.key} lacks {${name}}`);
    }
  }
});

test('the Russian texts use the wording of the help articles', () => {
  assert.equal(ru['password.too_short'], 'Пароль должен содержать не менее {min} символов');
  assert.equal(
    ru['password.special_forbidden'],
    'Пароль не должен содержать специальных знаков (точек, кавычек и проч.)',
  );
});
