/**
 * Signing in and getting access back with a digital signature (article 004), on the flow engine.
 *
 *   signature-signin:  challenged ──(a valid CMS of the challenge by an authentication key)──▶
 *                      signed ──(the account's password)──▶ done
 *                      challenged ──(any refusal)──▶ refused;  signed ──(5 wrong passwords)──▶ locked
 *
 *   signature-reset:   challenged ──(the statement signed with a signing key; kept as evidence)──▶
 *                      signed ──(a new password and a current email)──▶ code_sent
 *                      ──(the code from the letter)──▶ done;  code_sent ──(5 wrong codes)──▶ locked
 *
 * The challenge (32 random bytes, or the statement with a fresh number) is issued by the server,
 * kept in the flow, and the flow is bound to the browser that asked for it: a signature is
 * accepted once (the move out of `challenged` is version-compared), in that browser, within its
 * minutes. What was signed must be exactly what the flow holds.
 */
import { MINUTE } from '../../core/clock.js';
import { defineFlow } from '../../core/flows/machine.js';

export const CHALLENGE_TTL_MS = 5 * MINUTE;
export const PASSWORD_TTL_MS = 10 * MINUTE;
export const RESET_TTL_MS = 30 * MINUTE;
export const CODE_TTL_MS = 15 * MINUTE;
export const MAX_PASSWORD_ATTEMPTS = 5;
export const MAX_CODE_ATTEMPTS = 5;

/** Who signed, as the certificate says (kept for the next pages and the audit). */
export type Signer = {
  readonly iin: string | null;
  readonly bin: string | null;
  readonly organisation: string | null;
  readonly name: string | null;
};

export type SigninState = 'challenged' | 'signed' | 'done' | 'refused' | 'locked';
export type SigninData = Signer & { readonly challenge: string };

export const signatureSignin = defineFlow<SigninState, SigninData>({
  kind: 'signature-signin',
  transitions: {
    challenged: ['signed', 'refused'],
    signed: ['done', 'locked'],
    done: [],
    refused: [],
    locked: [],
  },
  ended: ['done', 'refused', 'locked'],
  attempts: { signed: MAX_PASSWORD_ATTEMPTS },
});

export type ResetState = 'challenged' | 'signed' | 'code_sent' | 'done' | 'refused' | 'locked';
export type ResetData = Signer & {
  /** The statement to be signed, with its date and number: exactly the bytes signed. */
  readonly statement: string;
  readonly evidenceId: string | null;
  readonly email: string | null;
  /** The new password's argon2id hash, set when the code is confirmed. */
  readonly passwordHash: string | null;
  readonly codeHash: string | null;
  readonly codeExpiresAt: number;
};

export const signatureReset = defineFlow<ResetState, ResetData>({
  kind: 'signature-reset',
  transitions: {
    challenged: ['signed', 'refused'],
    signed: ['code_sent'],
    code_sent: ['code_sent', 'done', 'locked'],
    done: [],
    refused: [],
    locked: [],
  },
  ended: ['done', 'refused', 'locked'],
  attempts: { code_sent: MAX_CODE_ATTEMPTS },
});
