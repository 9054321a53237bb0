/**
 * Registration's three message catalogues: every key `registration.*` in all three languages with
 * the same placeholders, Kazakh written in Kazakh Cyrillic, and the article's words in Russian.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { en, kk, ru } from './messages.js';

describe('registration messages', () => {
  const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

  test('every key is `registration.*`, in all three languages, with the same placeholders', () => {
    for (const catalogue of [ru, en, kk]) {
      assert.deepEqual(Object.keys(catalogue).sort(), Object.keys(ru).sort());
      for (const [key, text] of Object.entries(catalogue)) {
        assert.ok(key.startsWith('registration.'), key);
        assert.ok(text.trim().length > 0, key);
        assert.deepEqual(placeholders(text), placeholders(ru[key as keyof typeof ru]), key);
      }
    }
  });

  test('Kazakh is written in Kazakh Cyrillic: no Latin words but the codes, no Russian-only letters', () => {
    const allowedLatin = new Set(['st', 'pt', 'tr', 'ar', 'pt1o095tc']);
    let kazakhLetters = 0;
    for (const [key, text] of Object.entries(kk)) {
      const words = text.replace(/\{\w+\}/g, '').match(/[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*/g) ?? [];
      for (const word of words) {
        assert.ok(allowedLatin.has(word), `${key}: ${word}`);
      }
      // ё, ъ and щ occur in Kazakh only in Russian loanwords; none of ours needs them.
      assert.ok(!/[ёъщ]/i.test(text), `${key}: ${text}`);
      if (/[әғқңөұүһі]/i.test(text)) kazakhLetters += 1;
    }
    assert.ok(kazakhLetters > Object.keys(kk).length / 2, 'most texts use Kazakh letters');
  });

  test('Russian uses the article’s words', () => {
    assert.equal(ru['registration.more_codes'], 'У меня есть еще один пригласительный код');
    assert.equal(ru['registration.code_hint'], 'Вы можете получить приглашительный код в школе.');
    assert.ok(ru['registration.code.capitals'].startsWith('Коды не содержат большие (прописные) буквы'));
    assert.ok(ru['registration.code.unknown'].startsWith('Неверный код приглашения'));
  });
});
