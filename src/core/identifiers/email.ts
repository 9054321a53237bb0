/**
 * Email addresses as the recovery channel. The check is deliberately pragmatic: full RFC 5322
 * allows quoted local parts and IP literals that no school parent has, and that many mail
 * transports refuse; what matters is catching the typos people make and storing one canonical
 * form for lookups. Whether the address works is proved by the confirmation letter, not here.
 */

export type EmailProblem = 'email.empty' | 'email.too_long' | 'email.invalid' | 'email.non_ascii';

export type EmailCheck =
  | { readonly ok: true; readonly email: string; readonly normalized: string }
  | { readonly ok: false; readonly code: EmailProblem };

// RFC 5321 limits: a path of 256 octets including the angle brackets leaves 254 for the address,
// and a local part of at most 64.
export const EMAIL_MAX_LENGTH = 254;
const LOCAL_MAX_LENGTH = 64;

// Unquoted RFC 5322 local part: atext atoms joined by single dots, so no leading, trailing or
// doubled dot.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*$`);
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// A TLD of letters; an internationalised one (.рф, .қаз) can only arrive as punycode here, since
// non-ASCII input is refused, and its `xn--` form has digits.
const TLD = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

const NON_ASCII = /\P{ASCII}/u;

export function checkEmail(input: string): EmailCheck {
  const email = input.trim();
  if (email === '') return { ok: false, code: 'email.empty' };
  if (email.length > EMAIL_MAX_LENGTH) return { ok: false, code: 'email.too_long' };
  // Its own message: a Cyrillic address (иванов@почта.рф) is usually typed on purpose or with
  // the wrong keyboard layout, and the fix is different from a typo.
  if (NON_ASCII.test(email)) return { ok: false, code: 'email.non_ascii' };
  const at = email.indexOf('@');
  if (at < 0 || at !== email.lastIndexOf('@')) return { ok: false, code: 'email.invalid' };
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > LOCAL_MAX_LENGTH) return { ok: false, code: 'email.too_long' };
  if (!LOCAL_PART.test(local) || !isDomain(domain)) return { ok: false, code: 'email.invalid' };
  // The local part is case-sensitive on paper, but no mailbox provider people use treats it so,
  // and two accounts for Ivanov@ and ivanov@ would be a support case waiting to happen.
  return { ok: true, email, normalized: email.toLowerCase() };
}

function isDomain(domain: string): boolean {
  const labels = domain.split('.');
  const tld = labels.at(-1);
  if (labels.length < 2 || tld === undefined) return false;
  return labels.every((label) => LABEL.test(label)) && TLD.test(tld);
}
