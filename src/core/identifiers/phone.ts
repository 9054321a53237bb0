/**
 * Mobile numbers of Russia and Kazakhstan, stored as E.164 (`+7XXXXXXXXXX`). Both countries
 * share the +7 code and the trunk prefix 8, so `8 (953) 354-12-34`, `+7 953 354 12 34`,
 * `79533541234` and `9533541234` are the same number. Only mobile ranges are accepted because
 * the number is there to receive SMS codes: a landline would take the code and lose it.
 */

export type PhoneCountry = 'RU' | 'KZ';

export type PhoneProblem = 'phone.empty' | 'phone.invalid';

export type PhoneCheck =
  | { readonly ok: true; readonly phone: string }
  | { readonly ok: false; readonly code: PhoneProblem };

/** How many trailing digits the SMS recovery page hides and asks the person to type. */
export const HIDDEN_DIGITS = 4;

// Digits and the usual grouping marks; a non-breaking space comes with numbers copied from
// documents. Letters (`8-800-FLOWERS`) and anything else are refused rather than dropped.
const ALLOWED = /^\+?[0-9 \u00a0()-]+$/;

// Russian mobiles are 9XX. Kazakh mobiles are 70X, 747, 75X, 76X and 77X; 71X and 72X are the
// Kazakh geographic (landline) codes, and Russian landlines start with 3, 4 or 8.
const MOBILE_NATIONAL = /^(?:9[0-9]{9}|7[04-7][0-9]{8})$/;

const E164_PLUS_7 = /^\+7[0-9]{10}$/;

/**
 * E.164 `+7XXXXXXXXXX` for a Russian or Kazakh mobile number, or null.
 * `_defaultCountry` changes nothing today, because both countries dial the same way; it is in
 * the signature so that a realm outside +7 (Kyrgyzstan, Uzbekistan) can be added without
 * touching every caller.
 */
export function normalizePhone(input: string, _defaultCountry: PhoneCountry): string | null {
  const trimmed = input.trim();
  if (!ALLOWED.test(trimmed)) return null;
  const digits = trimmed.replace(/[^0-9]/g, '');
  let national: string;
  if (trimmed.startsWith('+')) {
    // After a + the country code is written out, so a leading 8 is not a trunk prefix here.
    if (digits.length !== 11 || !digits.startsWith('7')) return null;
    national = digits.slice(1);
  } else if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) {
    national = digits.slice(1);
  } else if (digits.length === 10) {
    national = digits;
  } else {
    return null;
  }
  return MOBILE_NATIONAL.test(national) ? `+7${national}` : null;
}

/** Form-field check: the E.164 number, or the message key to show. */
export function checkPhone(input: string, defaultCountry: PhoneCountry): PhoneCheck {
  if (input.trim() === '') return { ok: false, code: 'phone.empty' };
  const phone = normalizePhone(input, defaultCountry);
  return phone === null ? { ok: false, code: 'phone.invalid' } : { ok: true, phone };
}

function assertE164(e164: string): void {
  // Masking runs on stored numbers; anything else reaching it is a bug, not user input.
  if (!E164_PLUS_7.test(e164)) throw new RangeError('expected an E.164 +7 number');
}

/**
 * The form the Dnevnik.ru recovery page shows: `+79533541234` → `7953354****`. Enough for the
 * owner to recognise the number, not enough for anyone else to learn it.
 */
export function maskPhone(e164: string): string {
  assertE164(e164);
  const digits = e164.slice(1);
  return digits.slice(0, -HIDDEN_DIGITS) + '*'.repeat(HIDDEN_DIGITS);
}

/** The digits `maskPhone` hides (`1234`), which the person types to prove they know the number. */
export function missingDigitsOf(e164: string): string {
  assertE164(e164);
  return e164.slice(-HIDDEN_DIGITS);
}

/** For display: `+79533541234` → `+7 953 354-12-34`; anything else unchanged. */
export function formatPhone(e164: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : e164;
}
