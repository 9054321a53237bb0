/**
 * The per-realm password policy: what a new password must and must not be. Each realm starts
 * from a preset that mirrors its help article and may override fields; the shape is the same
 * for all, so a realm chooses values, not code paths.
 *
 * `checkPassword` returns every violation at once, so the person fixes the password in one go
 * instead of meeting the rules one submit at a time. The exceptions are inputs that make the
 * other rules meaningless or costly (empty, over-long, control characters): those come alone.
 */
import { isCommonPassword } from './common-passwords.js';
import type { PasswordHintKey, PasswordViolationKey } from './messages.js';
import { latinVariants } from './transliterate.js';

export type { PasswordMessageKey } from './messages.js';

export type CharClass = 'upper' | 'lower' | 'letter' | 'digit' | 'special';

export interface PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;
  readonly require: readonly CharClass[];
  readonly forbidSpecial: boolean;
  readonly rejectCommon: boolean;
  readonly rejectPersonalData: boolean;
}

export interface PersonalData {
  readonly login?: string | null;
  /** YYYY-MM-DD */
  readonly birthDate?: string | null;
  /** Surname, first name, patronymic, in any order; each may hold several words. */
  readonly names?: readonly (string | null | undefined)[];
}

type Params = Readonly<Record<string, string | number>>;

export type PasswordViolation = { readonly key: PasswordViolationKey; readonly params?: Params };

export type PasswordRuleHint = { readonly key: PasswordHintKey; readonly params?: Params };

/**
 * An upper bound whatever the realm says. argon2 takes any length, but hashing a megabyte per
 * sign-in attempt is a cheap denial of service; 128 fits any passphrase and password manager.
 */
export const DEFAULT_MAX_LENGTH = 128;

/**
 * The special characters app.recycle.kz lists (all ASCII punctuation). Any other non-letter,
 * non-digit character (a space, №, an emoji) counts as special too: the article names what is
 * on a keyboard, it does not ask us to refuse the rest.
 */
export const SPECIAL_CHARACTERS = '! " # $ % & \' ( ) * + , - . / : ; < = > ? @ [ \\ ] ^ _ ` { | } ~';

export const PASSWORD_PRESETS = {
  // Dnevnik.ru: a letter and a digit, at least 8.
  dnevnik: {
    minLength: 8,
    maxLength: DEFAULT_MAX_LENGTH,
    require: ['letter', 'digit'],
    forbidSpecial: false,
    rejectCommon: true,
    rejectPersonalData: true,
  },
  // ElJur (article 003): «не менее 8 символов, в числе которых не должно быть специальных
  // знаков (точек, кавычек и проч.)», and not the login, birth date or name.
  eljur: {
    minLength: 8,
    maxLength: DEFAULT_MAX_LENGTH,
    require: ['letter'],
    forbidSpecial: true,
    rejectCommon: true,
    rejectPersonalData: true,
  },
  // app.recycle.kz (article 004): 8+, upper and lower case, a digit and a special character.
  recycle: {
    minLength: 8,
    maxLength: DEFAULT_MAX_LENGTH,
    require: ['upper', 'lower', 'digit', 'special'],
    forbidSpecial: false,
    rejectCommon: true,
    rejectPersonalData: true,
  },
} as const satisfies Readonly<Record<string, PasswordPolicy>>;

// NUL and the other C0/C1 controls cannot be typed and do not survive every transport; lone
// surrogates would become U+FFFD in the UTF-8 that argon2 hashes, so two different strings
// would share one hash.
const CONTROL = /[\p{Cc}\p{Cs}]/u;
const UPPER = /[\p{Lu}\p{Lt}]/u;
const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
// Marks belong to the letter before them (й typed as и + U+0306), so they are not special.
const SPECIAL = /[^\p{L}\p{M}\p{Nd}]/u;

const CLASS_TEST: Readonly<Record<CharClass, RegExp>> = {
  upper: UPPER,
  lower: LOWER,
  letter: LETTER,
  digit: DIGIT,
  special: SPECIAL,
};

const MISSING: Readonly<Record<CharClass, PasswordViolationKey>> = {
  upper: 'password.missing_upper',
  lower: 'password.missing_lower',
  letter: 'password.missing_letter',
  digit: 'password.missing_digit',
  special: 'password.missing_special',
};

const REQUIRE_HINT: Readonly<Record<CharClass, PasswordHintKey>> = {
  upper: 'password.rule.require_upper',
  lower: 'password.rule.require_lower',
  letter: 'password.rule.require_letter',
  digit: 'password.rule.require_digit',
  special: 'password.rule.require_special',
};

// Shorter fragments match too much by chance: `ан` is in half the Russian dictionary.
const MIN_PERSONAL_FRAGMENT = 3;

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Lower case, NFKC, and ё folded to е, which people use interchangeably. */
function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase().replaceAll('ё', 'е');
}

export function checkPassword(
  password: string,
  policy: PasswordPolicy,
  personal: PersonalData,
): PasswordViolation[] {
  if (password === '') return [{ key: 'password.empty' }];
  // A code point takes at most two UTF-16 units, so this bounds the work on a huge input before
  // anything walks the string.
  const length =
    password.length > policy.maxLength * 2 ? Number.POSITIVE_INFINITY : codePointLength(password);
  if (length > policy.maxLength) return [{ key: 'password.too_long', params: { max: policy.maxLength } }];
  if (CONTROL.test(password)) return [{ key: 'password.control_chars' }];

  const violations: PasswordViolation[] = [];
  if (length < policy.minLength) {
    violations.push({ key: 'password.too_short', params: { min: policy.minLength } });
  }
  for (const cls of new Set(policy.require)) {
    // A policy that both requires and forbids specials is refused by `policyProblems`; should
    // one slip through, forbidding wins, since the other way no password could pass.
    if (policy.forbidSpecial && cls === 'special') continue;
    if (!CLASS_TEST[cls].test(password)) {
      violations.push(
        cls === 'special'
          ? { key: MISSING[cls], params: { chars: SPECIAL_CHARACTERS } }
          : { key: MISSING[cls] },
      );
    }
  }
  if (policy.forbidSpecial && SPECIAL.test(password)) violations.push({ key: 'password.special_forbidden' });
  if (policy.rejectPersonalData) violations.push(...personalDataViolations(fold(password), personal));
  if (policy.rejectCommon && isCommonPassword(password)) violations.push({ key: 'password.common' });
  return violations;
}

function personalDataViolations(folded: string, personal: PersonalData): PasswordViolation[] {
  const out: PasswordViolation[] = [];
  if (containsLogin(folded, personal.login)) out.push({ key: 'password.contains_login' });
  if (birthDateForms(personal.birthDate).some((form) => folded.includes(form))) {
    out.push({ key: 'password.contains_birth_date' });
  }
  if (nameForms(personal.names).some((form) => folded.includes(form))) {
    out.push({ key: 'password.contains_name' });
  }
  return out;
}

function containsLogin(folded: string, login: string | null | undefined): boolean {
  if (!login) return false;
  const whole = fold(login.trim());
  // An email used as the login: its mailbox name is what people reuse (ivanov@mail.ru → ivanov).
  const mailbox = whole.includes('@') ? whole.slice(0, whole.indexOf('@')) : '';
  return [whole, mailbox].some((part) => part.length >= MIN_PERSONAL_FRAGMENT && folded.includes(part));
}

/** The ways a birth date gets written into a password; empty for a missing or malformed date. */
export function birthDateForms(birthDate: string | null | undefined): string[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate ?? '');
  if (!match) return [];
  const [, yyyy = '', mm = '', dd = ''] = match;
  const yy = yyyy.slice(2);
  return [
    `${dd}${mm}${yyyy}`,
    `${dd}${mm}${yy}`,
    `${yyyy}${mm}${dd}`,
    `${dd}.${mm}.${yyyy}`,
    `${dd}-${mm}-${yyyy}`,
    `${yyyy}-${mm}-${dd}`,
  ];
}

/** Each name word of 3+ letters in every form a password may hold it (see transliterate.ts). */
function nameForms(names: PersonalData['names']): string[] {
  const forms = new Set<string>();
  for (const name of names ?? []) {
    if (!name) continue;
    // Split double-barrelled and multi-word names: Анна-Мария, «Волкова Екатерина».
    for (const word of fold(name).split(/[^\p{L}\p{M}]+/u)) {
      if (codePointLength(word) < MIN_PERSONAL_FRAGMENT) continue;
      for (const form of latinVariants(word)) {
        if (codePointLength(form) >= MIN_PERSONAL_FRAGMENT) forms.add(form);
      }
    }
  }
  return [...forms];
}

/**
 * The rules of a policy as hints for the page, in the order people read them. The upper length
 * limit is listed only when a realm lowered it: "at most 128 characters" is noise to everyone.
 */
export function describePolicy(policy: PasswordPolicy): PasswordRuleHint[] {
  const hints: PasswordRuleHint[] = [{ key: 'password.rule.min_length', params: { min: policy.minLength } }];
  if (policy.maxLength < DEFAULT_MAX_LENGTH) {
    hints.push({ key: 'password.rule.max_length', params: { max: policy.maxLength } });
  }
  for (const cls of new Set(policy.require)) {
    if (policy.forbidSpecial && cls === 'special') continue;
    hints.push(
      cls === 'special'
        ? { key: REQUIRE_HINT[cls], params: { chars: SPECIAL_CHARACTERS } }
        : { key: REQUIRE_HINT[cls] },
    );
  }
  if (policy.forbidSpecial) hints.push({ key: 'password.rule.no_special' });
  if (policy.rejectPersonalData) hints.push({ key: 'password.rule.no_personal_data' });
  if (policy.rejectCommon) hints.push({ key: 'password.rule.not_common' });
  return hints;
}

/**
 * What is wrong with a policy a realm configured, one line per problem (empty when it is
 * sound); for the config loader, which refuses to start on any.
 */
export function policyProblems(policy: PasswordPolicy): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(policy.minLength) || policy.minLength < 1) {
    problems.push('minLength must be a positive integer');
  }
  if (!Number.isInteger(policy.maxLength) || policy.maxLength > 1024) {
    problems.push('maxLength must be an integer of at most 1024 (argon2 input is bounded)');
  }
  if (policy.maxLength < policy.minLength) problems.push('maxLength must not be below minLength');
  if (policy.forbidSpecial && policy.require.includes('special')) {
    problems.push('forbidSpecial contradicts require: special');
  }
  return problems;
}
