/**
 * The desk's pure parts: the name on an invitation, dates of birth as schools type them, days as
 * printed, pending logins, and the three message catalogues (same placeholders, no empty text,
 * keys prefixed «desk.», Kazakh in Cyrillic).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isPendingLogin } from '../../directory/people-store.js';
import { formatDay, invitationName } from '../../invitations/issue.js';
import { type DeskKey, en, kk, ru } from './messages.js';
import { parseBirthDate } from './profile-form.js';

describe('curator desk: the pure parts', () => {
  test('the name on an invitation is the last name and the first initial', () => {
    assert.equal(invitationName('Николаева', 'Вера'), 'Николаева В');
    assert.equal(invitationName(' Орлов ', 'глеб'), 'Орлов Г');
    assert.equal(invitationName('Ли', 'Ёлка'), 'Ли Ё');
    assert.equal(invitationName('Ким', ''), 'Ким');
  });

  test('dates of birth as schools type them', () => {
    const now = Date.parse('2026-09-01T08:00:00Z');
    assert.deepEqual(parseBirthDate('14.05.2009', now), { ok: true, iso: '2009-05-14' });
    assert.deepEqual(parseBirthDate('4.5.2009', now), { ok: true, iso: '2009-05-04' });
    assert.deepEqual(parseBirthDate('2009-05-14', now), { ok: true, iso: '2009-05-14' });
    assert.deepEqual(parseBirthDate('  ', now), { ok: true, iso: null });
    assert.deepEqual(parseBirthDate('29.02.2012', now), { ok: true, iso: '2012-02-29' });
    assert.deepEqual(parseBirthDate('29.02.2013', now), { ok: false, problem: 'account.birth_date_invalid' });
    assert.deepEqual(parseBirthDate('31.02.2013', now), { ok: false, problem: 'account.birth_date_invalid' });
    assert.deepEqual(parseBirthDate('31.02', now), { ok: false, problem: 'desk.error.birth_date_format' });
    assert.deepEqual(parseBirthDate('14/05/2009', now), {
      ok: false,
      problem: 'desk.error.birth_date_format',
    });
    assert.deepEqual(parseBirthDate('02.09.2026', now), {
      ok: false,
      problem: 'desk.error.birth_date_future',
    });
    assert.deepEqual(parseBirthDate('01.09.2026', now), { ok: true, iso: '2026-09-01' });
    assert.deepEqual(parseBirthDate('01.01.1899', now), { ok: false, problem: 'account.birth_date_invalid' });
  });

  test('days are printed as dd.mm.yyyy', () => {
    assert.equal(formatDay(Date.parse('2026-11-30T08:00:00Z')), '30.11.2026');
  });

  test('pending logins are what the desk calls «не зарегистрирован»', () => {
    assert.ok(isPendingLogin('#abc'));
    assert.ok(!isPendingLogin('nikolaeva.v'));
  });

  test('the three catalogues: same placeholders, no empty text, keys prefixed «desk.», Kazakh in Cyrillic', () => {
    const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    // «Логин» is the Kazakh word too (the main catalogue allows `signin.login` the same way).
    const SAME_IN_KAZAKH = new Set<DeskKey>(['desk.col.login', 'desk.form.login']);
    // Latin words a Kazakh text may keep: the code prefixes and the print keys.
    const allowedLatin = new Set(['st', 'pt', 'tr', 'ar', 'Ctrl', 'P', 'Mac', 'email']);
    for (const key of Object.keys(ru) as DeskKey[]) {
      assert.ok(key.startsWith('desk.'), key);
      for (const [name, catalogue] of [
        ['en', en],
        ['kk', kk],
      ] as const) {
        const text = catalogue[key];
        assert.ok(text.trim().length > 0, `${name} ${key}`);
        assert.deepEqual(placeholders(text), placeholders(ru[key]), `${name} ${key}`);
        const sameWord = name === 'kk' && SAME_IN_KAZAKH.has(key);
        assert.ok(
          sameWord || !(text === ru[key] && /[а-яё]/i.test(text)),
          `${name} ${key} is a copy of Russian`,
        );
      }
      const latin = [...kk[key].replace(/\{\w+\}/g, '').matchAll(/[A-Za-z]+/g)].map((m) => m[0]);
      assert.deepEqual(
        latin.filter((w) => !allowedLatin.has(w)),
        [],
        `kk ${key} is written in Cyrillic`,
      );
      assert.ok(/[а-яёәғқңөұүһі]/i.test(kk[key]) || /^[\s\p{P}]*$/u.test(kk[key]), `kk ${key}`);
    }
    // Kazakh-specific letters are there, so it is Kazakh and not Russian left untranslated.
    assert.ok(Object.values(kk).filter((t) => /[әғқңөұүһі]/i.test(t)).length > Object.keys(kk).length / 2);
  });
});
