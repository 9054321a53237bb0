/**
 * Invitation codes as ElJur prints them (article 003): two letters for the role — `st` student,
 * `pt` parent (issued on the child's name), `tr` or `ar` staff — then lowercase letters and
 * digits, nine characters in all, e.g. `pt1o095tc`. Drawn from the CSPRNG: 7 characters of 36
 * give 7.8·10^10 codes per prefix, and guessing is throttled, so codes cannot be found by trying.
 */
import { randomInt } from 'node:crypto';

export const CODE_PREFIXES = ['st', 'pt', 'tr', 'ar'] as const;
export type CodePrefix = (typeof CODE_PREFIXES)[number];
export type InvitationRole = 'student' | 'parent' | 'staff';

export const ROLE_OF_PREFIX: Readonly<Record<CodePrefix, InvitationRole>> = {
  st: 'student',
  pt: 'parent',
  tr: 'staff',
  ar: 'staff',
};

export const CODE_LENGTH = 9;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function generateCode(prefix: CodePrefix): string {
  let code = prefix;
  while (code.length < CODE_LENGTH) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export type CodeProblem =
  | 'code.empty'
  | 'code.capitals'
  | 'code.invalid_chars'
  | 'code.wrong_length'
  | 'code.foreign_prefix';

export type CodeShape =
  | { readonly ok: true; readonly code: string; readonly prefix: CodePrefix }
  | { readonly ok: false; readonly problem: CodeProblem };

/**
 * The shape of a typed code, with the explanations article 003 gives: codes have no capital
 * letters; a code with another prefix belongs to another system.
 */
export function checkCodeShape(input: string): CodeShape {
  const code = input.trim().replace(/\s+/g, '');
  if (code.length === 0) return { ok: false, problem: 'code.empty' };
  if (code.length > 64) return { ok: false, problem: 'code.wrong_length' };
  if (/[A-Z]/.test(code)) return { ok: false, problem: 'code.capitals' };
  if (!/^[a-z0-9]+$/.test(code)) return { ok: false, problem: 'code.invalid_chars' };
  const prefix = code.slice(0, 2);
  if (!(CODE_PREFIXES as readonly string[]).includes(prefix))
    return { ok: false, problem: 'code.foreign_prefix' };
  if (code.length !== CODE_LENGTH) return { ok: false, problem: 'code.wrong_length' };
  return { ok: true, code, prefix: prefix as CodePrefix };
}
