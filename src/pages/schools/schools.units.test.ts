/**
 * The school search's pure parts: the fold, the input parser and the three message catalogues.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { en, kk, ru, type SchoolsKey } from './messages.js';
import { FOLD_PAIRS, fold, numberCandidate, parseSearch, QUERY_MAX } from './search.js';

describe('school search: the pure parts', () => {
  test('fold lowers Latin, Cyrillic and Kazakh capitals, «ё» to «е», no-break space to space', () => {
    assert.equal(fold('ГБОУ СОШ № 1399'), 'гбоу сош № 1399');
    assert.equal(fold('Фёдоров ЁЛКА'), 'федоров елка');
    assert.equal(fold('ҚАЗАҚ МЕКТЕБІ ӘҒҢӨҰҮҺ'), 'қазақ мектебі әғңөұүһ');
    assert.equal(fold('School No.\u00a012'), 'school no. 12');
    assert.equal(fold('ß Ä'), 'ß Ä', 'letters outside the table stay as they are, in SQL as here');
  });

  test('no replacement produces a letter a later replacement would change', () => {
    const from = new Set(FOLD_PAIRS.map(([f]) => f));
    for (const [f, to] of FOLD_PAIRS) {
      assert.equal([...f].length, 1, f);
      assert.ok(!from.has(to), `${f} → ${to}`);
    }
  });

  test('a number may come with «№»', () => {
    assert.equal(numberCandidate('№ 1399'), '1399');
    assert.equal(numberCandidate('№1399'), '1399');
    assert.equal(numberCandidate('1399'), '1399');
    assert.equal(numberCandidate('№'), null);
  });

  test('the parser cleans what it accepts and names the field of what it refuses', () => {
    const regions = new Set(['r1']);
    assert.deepEqual(parseSearch({ q: '  гбоу\t сош\n', region: 'r1' }, regions), {
      input: { text: 'гбоу сош', regionId: 'r1' },
      shown: { q: 'гбоу сош', region: 'r1' },
      errors: {},
    });
    assert.deepEqual(parseSearch({}, regions).input, { text: null, regionId: null });
    assert.deepEqual(parseSearch({ q: '   ', region: '' }, regions).input, { text: null, regionId: null });
    assert.deepEqual(parseSearch(undefined, regions).input, { text: null, regionId: null });
    // NFC: «й» typed as «и» + combining breve is the same letter.
    assert.equal(parseSearch({ q: 'Лице\u0438\u0306' }, regions).input.text, 'Лицей');

    const refused: [unknown, 'q' | 'region', SchoolsKey][] = [
      [{ q: 'a'.repeat(QUERY_MAX + 1) }, 'q', 'schools.error.query_too_long'],
      [{ q: 'a'.repeat(10_240) }, 'q', 'schools.error.query_too_long'],
      [{ q: 'a\u0000b' }, 'q', 'schools.error.query_invalid'],
      [{ q: 'a\u007fb' }, 'q', 'schools.error.query_invalid'],
      [{ q: 'a\ud800b' }, 'q', 'schools.error.query_invalid'],
      [{ q: ['a', 'b'] }, 'q', 'schools.error.query_invalid'],
      [{ region: 'r2' }, 'region', 'schools.error.region_unknown'],
      [{ region: ['r1', 'r1'] }, 'region', 'schools.error.region_unknown'],
      [{ region: '\u0000' }, 'region', 'schools.error.region_unknown'],
    ];
    for (const [query, field, key] of refused) {
      const parsed = parseSearch(query, regions);
      assert.equal(parsed.errors[field]?.key, key, JSON.stringify(query).slice(0, 60));
      assert.ok(!parsed.shown.q.includes('\u0000'));
      assert.ok(parsed.shown.q.length <= QUERY_MAX);
    }
    assert.deepEqual(parseSearch({ q: 'a'.repeat(QUERY_MAX + 1) }, regions).errors.q?.params, {
      max: QUERY_MAX,
    });
    assert.equal(parseSearch({ q: 'a'.repeat(QUERY_MAX) }, regions).input.text?.length, QUERY_MAX);
  });

  test('the three catalogues: same placeholders, no empty text, keys prefixed «schools.»', () => {
    const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    for (const key of Object.keys(ru) as SchoolsKey[]) {
      assert.ok(key.startsWith('schools.'), key);
      for (const [name, catalogue] of [
        ['en', en],
        ['kk', kk],
      ] as const) {
        const text = catalogue[key];
        assert.ok(text.trim().length > 0, `${name} ${key}`);
        assert.deepEqual(placeholders(text), placeholders(ru[key]), `${name} ${key}`);
        // The main catalogue's rule: a Russian text copied as is is a missing translation.
        assert.ok(!(text === ru[key] && /[а-яё]/i.test(text)), `${name} ${key} is a copy of Russian`);
      }
    }
  });
});
