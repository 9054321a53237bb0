import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkIin, isValidIin, parseIin } from './iin.js';

test('isValidIin: the published vectors', () => {
  // First pass: 0·1+6·2+1·3+2·4+1·5+1·6+6·7+0+0+0+1·11 = 87, 87 mod 11 = 10 → second pass:
  // 0·3+6·4+1·5+2·6+1·7+1·8+6·9+0+0+0·1+1·2 = 112, 112 mod 11 = 2 = d12.
  assert.equal(isValidIin('061211600012'), true);
  // 296 mod 11 = 10 → 377 mod 11 = 3 ≠ 1 (a fake IIN from test certificates).
  assert.equal(isValidIin('123456789011'), false);
});

test('isValidIin: vectors computed by hand', () => {
  // 9+0+0+3·4+1·5+5·6+3·7+5·8+0+1·10+2·11 = 149, 149 mod 11 = 6
  assert.equal(isValidIin('900315350126'), true);
  assert.equal(isValidIin('900315350127'), false);
  // 8+5·2+1·3+2·4+3·5+1·6+4·7+0+0+7·10+7·11 = 225, 225 mod 11 = 5
  assert.equal(isValidIin('851231400775'), true);
  assert.equal(isValidIin('851231400774'), false);
  // First pass 109 mod 11 = 10 → second pass 2·4+1·6+1·8+5·9+6·1 = 73, 73 mod 11 = 7
  assert.equal(isValidIin('020101500607'), true);
  assert.equal(isValidIin('020101500600'), false);
  // First pass 120 mod 11 = 10, second pass 76 mod 11 = 10 again: no check digit can be right.
  for (let d = 0; d <= 9; d++) assert.equal(isValidIin(`90010130080${String(d)}`), false);
});

test('isValidIin refuses wrong length, letters and separators', () => {
  assert.equal(isValidIin(''), false);
  assert.equal(isValidIin('06121160001'), false);
  assert.equal(isValidIin('0612116000120'), false);
  assert.equal(isValidIin('06121160001O'), false);
  assert.equal(isValidIin('061211 600012'), false);
  assert.equal(isValidIin('０６１２１１６０００１２'), false);
});

test('parseIin reads birth date, century and sex', () => {
  // Digit 7 = 6: born in the 2000s, even → female.
  assert.deepEqual(parseIin('061211600012'), { birthDate: '2006-12-11', sex: 'female' });
  // 3 → 1900s, odd → male.
  assert.deepEqual(parseIin('900315350126'), { birthDate: '1990-03-15', sex: 'male' });
  assert.deepEqual(parseIin('851231400775'), { birthDate: '1985-12-31', sex: 'female' });
  assert.deepEqual(parseIin('020101500607'), { birthDate: '2002-01-01', sex: 'male' });
  // 2 → 1800s: 9·1+9·2+1·3+2·4+3·5+1·6+2·7+1·11 = 84, 84 mod 11 = 7.
  assert.deepEqual(parseIin('991231200017'), { birthDate: '1899-12-31', sex: 'female' });
  // 2000 was a leap year: 8+10+54+5·7+11 = 118, 118 mod 11 = 8.
  assert.deepEqual(parseIin('000229500018'), { birthDate: '2000-02-29', sex: 'male' });
});

test('parseIin returns null for dates that do not exist and unknown century digits', () => {
  // 1900 was not a leap year (checksum 104 mod 11 = 5 is right, the date is not).
  assert.equal(parseIin('000229300015'), null);
  // 30 February (64 mod 11 = 9).
  assert.equal(parseIin('900230300019'), null);
  // Century digit 0 (128 mod 11 = 7).
  assert.equal(isValidIin('900315050127'), true);
  assert.equal(parseIin('900315050127'), null);
  // A bad checksum is not parsed either.
  assert.equal(parseIin('123456789011'), null);
  assert.equal(parseIin('abc'), null);
});

test('checkIin returns the message key for each failure', () => {
  assert.deepEqual(checkIin(' 061211 600012 '), { ok: true, iin: '061211600012' });
  assert.deepEqual(checkIin(''), { ok: false, code: 'iin.empty' });
  assert.deepEqual(checkIin('06121160001'), { ok: false, code: 'iin.invalid_format' });
  assert.deepEqual(checkIin('06-12-11-600012'), { ok: false, code: 'iin.invalid_format' });
  assert.deepEqual(checkIin('123456789011'), { ok: false, code: 'iin.invalid_checksum' });
});
