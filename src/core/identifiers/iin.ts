/**
 * ИИН / БИН, the Kazakh individual and business identification numbers (ЖСН / БСН in Kazakh):
 * 12 digits, the last a control digit. A signature certificate from NCALayer carries the IIN in
 * its subject, and the signature reset finds the account by it, so a mistyped IIN in a profile
 * would lock its owner out of that path. Layout of an IIN: YYMMDD of birth, one digit for
 * century and sex, four of serial, the control digit. BINs share the control digit but not the
 * layout, so `isValidIin` checks only the digits and the sum, and `parseIin` reads the date.
 */

export type IinProblem = 'iin.empty' | 'iin.invalid_format' | 'iin.invalid_checksum';

export type IinCheck =
  | { readonly ok: true; readonly iin: string }
  | { readonly ok: false; readonly code: IinProblem };

export interface IinInfo {
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
}

const TWELVE_DIGITS = /^[0-9]{12}$/;
const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
// Used only when the first pass gives 10, which cannot be a single check digit.
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;

function weightedMod11(digits: string, weights: readonly number[]): number {
  let sum = 0;
  weights.forEach((weight, i) => {
    sum += Number(digits[i]) * weight;
  });
  return sum % 11;
}

/** Exactly 12 ASCII digits with a correct control digit (IIN or BIN). */
export function isValidIin(s: string): boolean {
  if (!TWELVE_DIGITS.test(s)) return false;
  let control = weightedMod11(s, FIRST_WEIGHTS);
  if (control === 10) control = weightedMod11(s, SECOND_WEIGHTS);
  // A second 10 means no valid control digit exists: such numbers are never issued.
  if (control === 10) return false;
  return control === Number(s[11]);
}

// Digit 7: odd for men, even for women; the pair gives the century of birth.
const CENTURY_BY_DIGIT: Readonly<Record<string, number>> = {
  1: 1800,
  2: 1800,
  3: 1900,
  4: 1900,
  5: 2000,
  6: 2000,
};

/** Birth date and sex of a valid IIN; null for a BIN-like or impossible date, or a bad sum. */
export function parseIin(s: string): IinInfo | null {
  if (!isValidIin(s)) return null;
  const centuryDigit = s.charAt(6);
  const century = CENTURY_BY_DIGIT[centuryDigit];
  if (century === undefined) return null;
  const year = century + Number(s.slice(0, 2));
  const month = Number(s.slice(2, 4));
  const day = Number(s.slice(4, 6));
  // Date.UTC rolls 31 April over into 1 May; a round trip tells a real date from a rolled one.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return {
    birthDate: `${String(year)}-${s.slice(2, 4)}-${s.slice(4, 6)}`,
    sex: Number(centuryDigit) % 2 === 1 ? 'male' : 'female',
  };
}

/** Form-field check: the 12 digits, or the message key to show. Spaces between groups are ignored. */
export function checkIin(input: string): IinCheck {
  const compact = input.replace(/\s/g, '');
  if (compact === '') return { ok: false, code: 'iin.empty' };
  if (!TWELVE_DIGITS.test(compact)) return { ok: false, code: 'iin.invalid_format' };
  if (!isValidIin(compact)) return { ok: false, code: 'iin.invalid_checksum' };
  return { ok: true, iin: compact };
}
