/**
 * Logins, both as typed at sign-in and as chosen at registration. Schools issue logins in Latin
 * (`ekaterinavolkov`) and people choose Cyrillic ones, so both scripts are allowed, but never
 * mixed: `ivаnov` with a Cyrillic «а» looks like `ivanov` and is either a wrong keyboard layout
 * or an attempt to impersonate. Digits and `. _ - @` cover the logins schools hand out and the
 * email addresses people type into the login field.
 */

export type LoginProblem =
  | 'login.empty'
  | 'login.too_long'
  | 'login.control_chars'
  | 'login.mixed_scripts'
  | 'login.invalid_chars';

export type LoginCheck =
  | { readonly ok: true; readonly login: string; readonly normalized: string }
  | { readonly ok: false; readonly code: LoginProblem };

export const LOGIN_MAX_LENGTH = 64;

// C0/C1 controls and NUL, invisible format characters (zero-width space, right-to-left override)
// that make two logins look identical, and lone surrogates that would turn into U+FFFD when
// stored as UTF-8.
const CONTROL = /[\p{Cc}\p{Cf}\p{Cs}]/u;
const LETTER = /^\p{L}$/u;
const LATIN = /^\p{Script=Latin}$/u;
const CYRILLIC = /^\p{Script=Cyrillic}$/u;
const OTHER_ALLOWED = /^[0-9._@-]$/;

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function checkLogin(input: string): LoginCheck {
  const login = input.trim();
  if (login === '') return { ok: false, code: 'login.empty' };
  if (CONTROL.test(login)) return { ok: false, code: 'login.control_chars' };
  if (codePointLength(login) > LOGIN_MAX_LENGTH) return { ok: false, code: 'login.too_long' };
  // NFKC first, so that full-width `ｉｖａｎ` or the ligature `ﬁ` is judged as what it will be
  // stored as; NFKC can lengthen a string (one character may expand to many), hence the
  // second length check.
  const nfkc = login.normalize('NFKC');
  if (codePointLength(nfkc) > LOGIN_MAX_LENGTH) return { ok: false, code: 'login.too_long' };
  let latin = false;
  let cyrillic = false;
  let invalid = false;
  for (const ch of nfkc) {
    if (LETTER.test(ch)) {
      if (LATIN.test(ch)) latin = true;
      else if (CYRILLIC.test(ch)) cyrillic = true;
      // Greek, Armenian and other scripts hold more look-alikes (ο, а, е) than users.
      else invalid = true;
    } else if (!OTHER_ALLOWED.test(ch)) {
      invalid = true;
    }
  }
  // Mixed scripts first: for `ivаnov!` the layout hint is the more useful of the two messages.
  if (latin && cyrillic) return { ok: false, code: 'login.mixed_scripts' };
  if (invalid) return { ok: false, code: 'login.invalid_chars' };
  return { ok: true, login, normalized: nfkc.toLowerCase() };
}
