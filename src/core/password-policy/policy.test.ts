import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  birthDateForms,
  checkPassword,
  describePolicy,
  PASSWORD_PRESETS,
  type PasswordPolicy,
  type PersonalData,
  policyProblems,
  SPECIAL_CHARACTERS,
} from './policy.js';

const { dnevnik, eljur, recycle } = PASSWORD_PRESETS;
const nobody: PersonalData = {};

/** Just the keys, in order: what most assertions care about. */
function keys(password: string, policy: PasswordPolicy, personal: PersonalData = nobody): string[] {
  return checkPassword(password, policy, personal).map((v) => v.key);
}

test('presets mirror the help articles', () => {
  assert.deepEqual(dnevnik.require, ['letter', 'digit']);
  assert.equal(dnevnik.forbidSpecial, false);
  assert.deepEqual(eljur.require, ['letter']);
  assert.equal(eljur.forbidSpecial, true);
  assert.deepEqual(recycle.require, ['upper', 'lower', 'digit', 'special']);
  for (const preset of [dnevnik, eljur, recycle]) {
    assert.equal(preset.minLength, 8);
    assert.equal(preset.maxLength, 128);
    assert.equal(preset.rejectCommon, true);
    assert.equal(preset.rejectPersonalData, true);
    assert.deepEqual(policyProblems(preset), []);
  }
});

test('empty, too long and control characters come alone', () => {
  for (const preset of [dnevnik, eljur, recycle]) {
    assert.deepEqual(checkPassword('', preset, nobody), [{ key: 'password.empty' }]);
    assert.deepEqual(checkPassword('x'.repeat(129), preset, nobody), [
      { key: 'password.too_long', params: { max: 128 } },
    ]);
    assert.deepEqual(checkPassword('tqh5\u0000mzpw', preset, nobody), [{ key: 'password.control_chars' }]);
  }
  // A megabyte is refused without being walked character by character.
  assert.deepEqual(keys('a'.repeat(1024 * 1024), dnevnik), ['password.too_long']);
  // The limit is in characters: 128 emoji (256 UTF-16 units) are allowed, 129 are not.
  assert.equal(keys(`${'\u{1F511}'.repeat(127)}a`, recycle).includes('password.too_long'), false);
  assert.deepEqual(keys('\u{1F511}'.repeat(129), recycle), ['password.too_long']);
  // Lone surrogates would hash like U+FFFD.
  assert.deepEqual(keys('tqh5mzpw\ud800', dnevnik), ['password.control_chars']);
  assert.deepEqual(keys('tqh5\tmzpw', dnevnik), ['password.control_chars']);
});

test('dnevnik: length, a letter and a digit', () => {
  assert.deepEqual(keys('tqh5mzpw', dnevnik), []);
  assert.deepEqual(checkPassword('x7kq2z', dnevnik, nobody), [
    { key: 'password.too_short', params: { min: 8 } },
  ]);
  assert.deepEqual(keys('zqxwvbnmkp', dnevnik), ['password.missing_digit']);
  assert.deepEqual(keys('9071836452', dnevnik), ['password.missing_letter']);
  assert.deepEqual(keys('7z', dnevnik), ['password.too_short']);
  assert.deepEqual(keys('------', dnevnik), [
    'password.too_short',
    'password.missing_letter',
    'password.missing_digit',
  ]);
  // Cyrillic letters are letters, special characters are allowed.
  assert.deepEqual(keys('ЛесНаКраю7', dnevnik), []);
  assert.deepEqual(keys('tqh5.mzpw!', dnevnik), []);
  assert.deepEqual(keys('x'.repeat(128).replace('x', '7'), dnevnik), []);
});

test('eljur: no special characters at all, a space included', () => {
  assert.deepEqual(keys('Parol.123', eljur), ['password.special_forbidden']);
  assert.deepEqual(keys('Krokodil77', eljur), []);
  assert.deepEqual(keys('ЛесНаКраю', eljur), []);
  assert.deepEqual(keys('Krokodil 77', eljur), ['password.special_forbidden']);
  assert.deepEqual(keys('Kro"kodil77', eljur), ['password.special_forbidden']);
  assert.deepEqual(keys('Krokodil№77', eljur), ['password.special_forbidden']);
  assert.deepEqual(keys('90718364', eljur), ['password.missing_letter']);
  // A combining mark belongs to its letter (й typed as и + breve), it is not special.
  assert.deepEqual(keys('Краи\u0306ний77', eljur), []);
});

test('recycle: upper, lower, digit and special', () => {
  assert.deepEqual(keys('Str0ng!Pass', recycle), []);
  assert.deepEqual(checkPassword('Strong1pass', recycle, nobody), [
    { key: 'password.missing_special', params: { chars: SPECIAL_CHARACTERS } },
  ]);
  assert.deepEqual(keys('str0ng!pass', recycle), ['password.missing_upper']);
  assert.deepEqual(keys('STR0NG!PASS', recycle), ['password.missing_lower']);
  assert.deepEqual(keys('Strong!Pass', recycle), ['password.missing_digit']);
  assert.deepEqual(keys('S0!p', recycle), ['password.too_short']);
  // Every character of the article's list satisfies the rule on its own.
  for (const ch of SPECIAL_CHARACTERS.split(' ')) assert.deepEqual(keys(`Str0ng${ch}Pass`, recycle), [], ch);
  // Characters beyond the list count as special too (see SPECIAL_CHARACTERS).
  assert.deepEqual(keys('Str0ng Pass', recycle), []);
  assert.deepEqual(keys('Пар0ль№Сад', recycle), []);
});

test('the login, case-insensitively, or the mailbox name of an email login', () => {
  const personal = { login: 'ekaterinavolkov' };
  assert.deepEqual(keys('ekaterinavolkov', dnevnik, personal), [
    'password.missing_digit',
    'password.contains_login',
  ]);
  assert.deepEqual(keys('EkaterinaVolkov77', dnevnik, personal), ['password.contains_login']);
  assert.deepEqual(keys('tqh5mzpw', dnevnik, personal), []);
  assert.deepEqual(keys('ivanov2024x', dnevnik, { login: 'Ivanov@mail.ru' }), ['password.contains_login']);
  // Logins shorter than 3 characters match too much by chance.
  assert.deepEqual(keys('abxyz123', dnevnik, { login: 'ab' }), []);
  assert.deepEqual(keys('abxyz123', dnevnik, { login: null }), []);
});

test('the birth date in any of its usual forms', () => {
  const personal = { birthDate: '2009-05-14' };
  assert.deepEqual(keys('14052009', eljur, personal), [
    'password.missing_letter',
    'password.contains_birth_date',
  ]);
  for (const form of ['14052009', '140509', '20090514', '14.05.2009', '14-05-2009', '2009-05-14']) {
    assert.deepEqual(keys(`kot${form}`, dnevnik, personal), ['password.contains_birth_date'], form);
  }
  assert.deepEqual(keys('kot15052009', dnevnik, personal), []);
  // A malformed or missing date is not a reason to refuse anything.
  assert.deepEqual(birthDateForms('14.05.2009'), []);
  assert.deepEqual(birthDateForms(null), []);
  assert.deepEqual(keys('kot14052009', dnevnik, { birthDate: 'garbage' }), []);
});

test('a name part, in Cyrillic, transliterated or typed with the wrong layout', () => {
  const personal = { names: ['Волкова', 'Екатерина', 'Александровна'] };
  for (const password of [
    'volkova2024',
    'Volkova2024',
    'Волкова2024',
    'djkrjdf2024',
    'ekaterina1',
    'aleksandrovna1',
  ]) {
    assert.deepEqual(keys(password, dnevnik, personal), ['password.contains_name'], password);
  }
  assert.deepEqual(keys('tqh5mzpw', dnevnik, personal), []);
  // Both the informal and the passport spelling, ё folded to е, double-barrelled names split.
  assert.deepEqual(keys('yuliya2010', dnevnik, { names: ['Юлия'] }), ['password.contains_name']);
  assert.deepEqual(keys('iuliia2010', dnevnik, { names: ['Юлия'] }), ['password.contains_name']);
  assert.deepEqual(keys('алена2010', dnevnik, { names: ['Алёна'] }), ['password.contains_name']);
  assert.deepEqual(keys('mariya2010', dnevnik, { names: ['Анна-Мария'] }), ['password.contains_name']);
  assert.deepEqual(keys('shchukin77', dnevnik, { names: ['Щукин'] }), ['password.contains_name']);
  assert.deepEqual(keys('kasymova77', dnevnik, { names: ['Қасымова'] }), ['password.contains_name']);
  // Names given in Latin are matched as they are.
  assert.deepEqual(keys('volkova2024', dnevnik, { names: ['Volkova'] }), ['password.contains_name']);
  // Parts of fewer than 3 letters, nulls and empty strings are ignored.
  assert.deepEqual(keys('yanyan2024', dnevnik, { names: ['Ян', null, undefined, ''] }), []);
});

test('all personal data at once, and nothing when the policy does not ask', () => {
  const personal: PersonalData = { login: 'volkova.e', birthDate: '2009-05-14', names: ['Волкова'] };
  assert.deepEqual(keys('volkova.e14052009', dnevnik, personal), [
    'password.contains_login',
    'password.contains_birth_date',
    'password.contains_name',
  ]);
  const lenient: PasswordPolicy = { ...dnevnik, rejectPersonalData: false };
  assert.deepEqual(keys('volkova.e14052009', lenient, personal), []);
});

test('common passwords, case-insensitively, including Russian ones', () => {
  assert.deepEqual(keys('qwerty123', dnevnik), ['password.common']);
  assert.deepEqual(keys('QWERTY123', dnevnik), ['password.common']);
  assert.deepEqual(keys('1q2w3e4r', dnevnik), ['password.common']);
  assert.deepEqual(keys('zaq12wsx', dnevnik), ['password.common']);
  assert.deepEqual(keys('gfhjkm123', dnevnik), ['password.common']);
  assert.deepEqual(keys('йцукен123', dnevnik), ['password.common']);
  assert.deepEqual(keys('Parol1234', eljur), ['password.common']);
  assert.deepEqual(keys('password', eljur), ['password.common']);
  // Full-width forms are the same password after NFKC.
  assert.deepEqual(keys('ｑｗｅｒｔｙ１２３', dnevnik), ['password.common']);
  // Exact match only: a common stem inside a longer password is not refused for that.
  assert.deepEqual(keys('qwerty123 лес у реки', dnevnik), []);
  const lenient: PasswordPolicy = { ...dnevnik, rejectCommon: false };
  assert.deepEqual(keys('qwerty123', lenient), []);
});

test('describePolicy lists the rules of each preset', () => {
  assert.deepEqual(describePolicy(dnevnik), [
    { key: 'password.rule.min_length', params: { min: 8 } },
    { key: 'password.rule.require_letter' },
    { key: 'password.rule.require_digit' },
    { key: 'password.rule.no_personal_data' },
    { key: 'password.rule.not_common' },
  ]);
  assert.deepEqual(describePolicy(eljur), [
    { key: 'password.rule.min_length', params: { min: 8 } },
    { key: 'password.rule.require_letter' },
    { key: 'password.rule.no_special' },
    { key: 'password.rule.no_personal_data' },
    { key: 'password.rule.not_common' },
  ]);
  assert.deepEqual(describePolicy(recycle), [
    { key: 'password.rule.min_length', params: { min: 8 } },
    { key: 'password.rule.require_upper' },
    { key: 'password.rule.require_lower' },
    { key: 'password.rule.require_digit' },
    { key: 'password.rule.require_special', params: { chars: SPECIAL_CHARACTERS } },
    { key: 'password.rule.no_personal_data' },
    { key: 'password.rule.not_common' },
  ]);
  const custom: PasswordPolicy = {
    ...dnevnik,
    maxLength: 64,
    rejectCommon: false,
    rejectPersonalData: false,
  };
  assert.deepEqual(describePolicy(custom), [
    { key: 'password.rule.min_length', params: { min: 8 } },
    { key: 'password.rule.max_length', params: { max: 64 } },
    { key: 'password.rule.require_letter' },
    { key: 'password.rule.require_digit' },
  ]);
});

test('a custom policy applies its own numbers', () => {
  const custom: PasswordPolicy = { ...dnevnik, minLength: 12, maxLength: 20 };
  assert.deepEqual(checkPassword('tqh5mzpw', custom, nobody), [
    { key: 'password.too_short', params: { min: 12 } },
  ]);
  assert.deepEqual(checkPassword('tqh5mzpw'.repeat(3), custom, nobody), [
    { key: 'password.too_long', params: { max: 20 } },
  ]);
});

test('policyProblems refuses contradictory or unbounded policies', () => {
  assert.equal(policyProblems({ ...recycle, forbidSpecial: true }).length, 1);
  assert.equal(policyProblems({ ...dnevnik, minLength: 0 }).length, 1);
  assert.equal(policyProblems({ ...dnevnik, minLength: 20, maxLength: 10 }).length, 1);
  assert.equal(policyProblems({ ...dnevnik, maxLength: 1_000_000 }).length, 1);
  assert.equal(policyProblems({ ...dnevnik, minLength: 8.5 }).length, 1);
  // Should one slip through anyway, forbidding wins and the requirement is not reported.
  assert.deepEqual(keys('Krokodil77', { ...recycle, forbidSpecial: true }), []);
});
