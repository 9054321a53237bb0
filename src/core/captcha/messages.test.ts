import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en, kk, ru } from './messages.js';

test('every captcha message has ru, en and kk text, all keys prefixed captcha.', () => {
  const keys = Object.keys(ru).sort();
  assert.ok(keys.length > 0);
  for (const key of keys) assert.match(key, /^captcha\.[a-z_]+$/);
  assert.deepEqual(Object.keys(en).sort(), keys);
  assert.deepEqual(Object.keys(kk).sort(), keys);
  for (const key of keys) {
    for (const catalogue of [ru, en, kk]) {
      const text = (catalogue as Readonly<Record<string, string>>)[key] ?? '';
      assert.ok(text.trim().length > 0, key);
      assert.doesNotMatch(text, /\{\w+\}/, 'no placeholders: the field passes none');
    }
  }
});

test('the Kazakh text is Kazakh, and the Russian keeps the Dnevnik.ru wording', () => {
  for (const key of Object.keys(ru) as (keyof typeof ru)[]) assert.notEqual(kk[key], ru[key], key);
  assert.equal(ru['captcha.label'], 'Введите символы с картинки');
  assert.equal(ru['captcha.wrong'], 'Неверно введены символы с картинки');
  assert.equal(ru['captcha.refresh'], 'Показать другую картинку');
});
