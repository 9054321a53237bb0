import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPhone, HIDDEN_DIGITS, maskPhone, missingDigitsOf, normalizePhone } from './phone.js';

test('normalizePhone: the ways people write a Russian mobile number', () => {
  for (const input of [
    '8 (953) 354-12-34',
    '+7 953 354 12 34',
    '+7 (953) 354-12-34',
    '79533541234',
    '89533541234',
    '9533541234',
    ' 953-354-1234 ',
    '+7\u00a0953\u00a0354\u00a012\u00a034',
  ]) {
    assert.equal(normalizePhone(input, 'RU'), '+79533541234', input);
  }
});

test('normalizePhone: Kazakh mobile numbers, with either default country', () => {
  assert.equal(normalizePhone('8 (701) 234-56-78', 'KZ'), '+77012345678');
  assert.equal(normalizePhone('+7 747 123 45 67', 'KZ'), '+77471234567');
  assert.equal(normalizePhone('7771234567', 'KZ'), '+77771234567');
  // Both countries dial +7, so the default country does not decide validity.
  assert.equal(normalizePhone('8 (701) 234-56-78', 'RU'), '+77012345678');
  assert.equal(normalizePhone('8 (953) 354-12-34', 'KZ'), '+79533541234');
});

test('normalizePhone refuses letters, other characters and wrong lengths', () => {
  for (const input of [
    '',
    '   ',
    '8 800 FLOWERS',
    '8 (953) 354-12-3a',
    '8.953.354.12.34',
    '8/953/354/12/34',
    '953354123',
    '895335412345',
    '+79533541234 доб. 5',
    '79533541234+',
    '++79533541234',
    '+89533541234',
    '+1 202 555 0100',
    '+380 50 123 45 67',
    '+7 953\n354 12 34',
    '９５３３５４１２３４',
  ]) {
    assert.equal(normalizePhone(input, 'RU'), null, JSON.stringify(input));
  }
});

test('normalizePhone refuses landlines, which cannot take an SMS code', () => {
  assert.equal(normalizePhone('8 (495) 123-45-67', 'RU'), null); // Moscow
  assert.equal(normalizePhone('8 (812) 123-45-67', 'RU'), null); // St Petersburg
  assert.equal(normalizePhone('8 (727) 123-45-67', 'KZ'), null); // Almaty
  assert.equal(normalizePhone('8 (7172) 12-34-56', 'KZ'), null); // Astana
});

test('maskPhone shows the number the way the Dnevnik.ru page does', () => {
  assert.equal(maskPhone('+79533541234'), '7953354****');
  assert.equal(maskPhone('+77012345678'), '7701234****');
  assert.equal(HIDDEN_DIGITS, 4);
});

test('missingDigitsOf returns exactly what the mask hides', () => {
  assert.equal(missingDigitsOf('+79533541234'), '1234');
  const e164 = '+77012345678';
  assert.equal(maskPhone(e164).replace('****', missingDigitsOf(e164)), e164.slice(1));
});

test('masking refuses values that are not stored E.164 numbers', () => {
  for (const bad of ['79533541234', '+7953354123', '8 (953) 354-12-34', '']) {
    assert.throws(() => maskPhone(bad), RangeError);
    assert.throws(() => missingDigitsOf(bad), RangeError);
  }
});

test('checkPhone returns the message key for each failure', () => {
  assert.deepEqual(checkPhone('8 (953) 354-12-34', 'RU'), { ok: true, phone: '+79533541234' });
  assert.deepEqual(checkPhone('  ', 'RU'), { ok: false, code: 'phone.empty' });
  assert.deepEqual(checkPhone('12345', 'KZ'), { ok: false, code: 'phone.invalid' });
});
