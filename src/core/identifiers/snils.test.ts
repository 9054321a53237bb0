import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSnils, formatSnils, isValidSnils, normalizeSnils } from './snils.js';

test('normalizeSnils accepts the card form, bare digits and stray separators', () => {
  assert.equal(normalizeSnils('112-233-445 95'), '11223344595');
  assert.equal(normalizeSnils('11223344595'), '11223344595');
  assert.equal(normalizeSnils(' 112 233 445 95 '), '11223344595');
  assert.equal(normalizeSnils('112-233-445-95'), '11223344595');
  // Pasted from a document: non-breaking space and an en dash.
  assert.equal(normalizeSnils('112\u2013233\u2013445\u00a095'), '11223344595');
});

test('normalizeSnils refuses wrong length, letters and other characters', () => {
  assert.equal(normalizeSnils(''), null);
  assert.equal(normalizeSnils('112-233-445 9'), null);
  assert.equal(normalizeSnils('112-233-445 951'), null);
  assert.equal(normalizeSnils('112-233-445 9O'), null);
  assert.equal(normalizeSnils('112.233.445 95'), null);
  assert.equal(normalizeSnils('112/233/445/95'), null);
  // Full-width and Arabic-Indic digits are digits to Unicode, not to the Pension Fund.
  assert.equal(normalizeSnils('１１２２３３４４５９５'), null);
});

test('isValidSnils: fixed vectors', () => {
  // 1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2+5·1 = 95 < 100 → 95
  assert.equal(isValidSnils('11223344595'), true);
  assert.equal(isValidSnils('11223344596'), false);
  // 1·9+2·8+3·7+4·6+5·5+6·4+7·3+8·2+9·1 = 165 → 165 mod 101 = 64
  assert.equal(isValidSnils('12345678964'), true);
  assert.equal(isValidSnils('12345678965'), false);
  // 9·9+1·8+1·7+0+1·5 = 101 → 00
  assert.equal(isValidSnils('91101000000'), true);
  assert.equal(isValidSnils('91101000001'), false);
  // 9·9+1·8+1·7+1·4 = 100 → 00
  assert.equal(isValidSnils('91100100000'), true);
  assert.equal(isValidSnils('91100100001'), false);
  // 9·9+9·8+6·6+2·5+1·2 = 201 → 201 mod 101 = 100 → 00
  assert.equal(isValidSnils('99062001000'), true);
  assert.equal(isValidSnils('99062001099'), false);
});

test('isValidSnils: numbers up to 001-001-998 are not checked', () => {
  assert.equal(isValidSnils('00100199800'), true);
  assert.equal(isValidSnils('00100199899'), true);
  assert.equal(isValidSnils('00000000100'), true);
  // The first checked number: 1·7+1·4+9·3+9·2+9·1 = 65.
  assert.equal(isValidSnils('00100199965'), true);
  assert.equal(isValidSnils('00100199900'), false);
});

test('isValidSnils refuses anything that is not 11 digits', () => {
  assert.equal(isValidSnils('112-233-445 95'), false);
  assert.equal(isValidSnils('1122334459'), false);
  assert.equal(isValidSnils('abcdefghijk'), false);
  assert.equal(isValidSnils(''), false);
});

test('formatSnils gives the card form and rejects unnormalised input', () => {
  assert.equal(formatSnils('11223344595'), '112-233-445 95');
  assert.throws(() => formatSnils('112-233-445 95'), RangeError);
  assert.throws(() => formatSnils('123'), RangeError);
});

test('checkSnils returns the message key for each failure', () => {
  assert.deepEqual(checkSnils('112-233-445 95'), { ok: true, snils: '11223344595' });
  assert.deepEqual(checkSnils('   '), { ok: false, code: 'snils.empty' });
  assert.deepEqual(checkSnils('112-233-445'), { ok: false, code: 'snils.invalid_format' });
  assert.deepEqual(checkSnils('112-233-445 96'), { ok: false, code: 'snils.invalid_checksum' });
});
