/**
 * СНИЛС, the Russian individual insurance account number: 11 digits shown as `XXX-XXX-XXX YY`,
 * the last two being a control sum of the first nine. Gosuslugi sign-in matches people by full
 * name + SNILS, so a typo here means "user not found" later; checking the sum at input time turns
 * that into a clear message next to the field.
 */

export type SnilsProblem = 'snils.empty' | 'snils.invalid_format' | 'snils.invalid_checksum';

export type SnilsCheck =
  | { readonly ok: true; readonly snils: string }
  | { readonly ok: false; readonly code: SnilsProblem };

// People paste SNILS from Word or PDF documents, which bring non-breaking spaces and typographic
// dashes with them; those are separators, not errors.
const SEPARATORS = /[\s\u2010-\u2015-]/g;
const ELEVEN_DIGITS = /^[0-9]{11}$/;

// The control sum is defined only for numbers above 001-001-998 (the rule of the Pension Fund);
// the lower ones were issued before it and carry arbitrary last digits.
const LAST_UNCHECKED = 1_001_998;

/** Eleven ASCII digits, or null when anything but digits, spaces and dashes was typed. */
export function normalizeSnils(input: string): string | null {
  const digits = input.replace(SEPARATORS, '');
  return ELEVEN_DIGITS.test(digits) ? digits : null;
}

/** Whether 11 digits (as returned by `normalizeSnils`) carry a correct control sum. */
export function isValidSnils(digits: string): boolean {
  if (!ELEVEN_DIGITS.test(digits)) return false;
  const number = Number(digits.slice(0, 9));
  if (number <= LAST_UNCHECKED) return true;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (9 - i);
  return snilsControl(sum) === Number(digits.slice(9));
}

function snilsControl(sum: number): number {
  if (sum < 100) return sum;
  if (sum === 100 || sum === 101) return 0;
  const rest = sum % 101;
  return rest === 100 ? 0 : rest;
}

/** `XXX-XXX-XXX YY`, the form on the plastic card and in Gosuslugi. */
export function formatSnils(digits: string): string {
  // Formatting a value that was never normalised is a bug in the caller, not bad input.
  if (!ELEVEN_DIGITS.test(digits)) throw new RangeError('formatSnils expects 11 digits');
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)} ${digits.slice(9)}`;
}

/** Form-field check: the normalised digits, or the message key to show. */
export function checkSnils(input: string): SnilsCheck {
  if (input.trim() === '') return { ok: false, code: 'snils.empty' };
  const digits = normalizeSnils(input);
  if (digits === null) return { ok: false, code: 'snils.invalid_format' };
  if (!isValidSnils(digits)) return { ok: false, code: 'snils.invalid_checksum' };
  return { ok: true, snils: digits };
}
