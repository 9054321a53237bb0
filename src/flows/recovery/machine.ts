/**
 * «Восстановите доступ»: self-service recovery of a lost login, password, or both (articles 000,
 * 001, 003 and the email branch of 004). The flow's machine, its data, and what every step needs.
 *
 *   started ──(the link from the letter + a new password)─────────────────────────────▶ done
 *      └──(«Мне не пришло письмо…»: the missing digits)──▶ code_sent ──(the code)──▶ code_ok ──▶ done
 *   started, code_sent ──(3 wrong digits / 5 wrong codes)──▶ locked
 *   any open state ──(a newer request for the person, or a password set by any path)──▶ superseded
 *   (and every state: expired by time)
 *
 * The steps, one file each:
 * - `request.ts`: «Я не помню пароль / логин / логин и пароль» and the email form of ElJur and
 *   app.recycle.kz — checked, throttled and answered the same way for everybody (`answer.ts`);
 * - `letters.ts`: the letters, written by the outbox worker after the answer (a job);
 * - `link.ts`: the link from the letter;
 * - `sms-branch.ts`: the missing digits of the phone, then the code from the SMS;
 * - `new-password.ts`: «Выберите свой новый пароль», through the one password operation.
 *
 * Rules:
 * - No enumeration: a request is answered with the same page, the same status, the same queries
 *   and the same writes whether the person exists, has confirmed contacts, or gave the right
 *   date of birth; the letters are written later by the outbox worker. The SMS branch shows a
 *   masked phone for every flow, from the same input a real match depends on (`answer.ts`).
 * - A letter goes only to a confirmed address, an SMS only to a confirmed phone.
 * - Link secrets and SMS codes are stored as keyed hashes; links are single use and expire
 *   (`recovery.linkHours`, default 24 h: a letter can take half an hour); codes expire in 10 min.
 *   A newer request supersedes the person's older flows, and so does a password set by any path.
 * - The SMS branch is bound to the browser that asked (the engine's browser binding), so a
 *   leaked flow id is useless elsewhere. Wrong digits (3) or codes (5) lock the flow; each guess
 *   is counted before it is compared.
 * - Throttled per IP, per login or address, per phone (the SMS budget); every step audited.
 */
import type { AuditLog } from '../../core/audit/audit.js';
import type { Captcha } from '../../core/captcha/captcha.js';
import { type Clock, MINUTE } from '../../core/clock.js';
import type { PasswordHasher } from '../../core/crypto/passwords.js';
import type { KeyedHasher } from '../../core/crypto/secrets.js';
import { defineFlow } from '../../core/flows/machine.js';
import type { Locale, MessageKey, MessageParams } from '../../core/i18n/i18n.js';
import type { LimiterFactory } from '../../core/throttle/throttle.js';
import type { Person } from '../../db/schema.js';
import type { PasswordOperationDeps } from '../../directory/password-operation.js';
import type { Jobs } from '../../messaging/jobs.js';
import type { SmsBudget } from '../../messaging/sms-budget.js';

export const CODE_TTL_MS = 10 * MINUTE;
export const MAX_DIGIT_ATTEMPTS = 3;
export const MAX_CODE_ATTEMPTS = 5;
export const MAX_RESENDS = 3;

export type RecoveryState = 'started' | 'code_sent' | 'code_ok' | 'done' | 'locked' | 'superseded';

export type RecoveryData = {
  /** Keyed hash of the link's secret; null when no link was sent (a login reminder). */
  readonly secretHash: string | null;
  /** The phone the SMS branch shows, masked: a real one or one made up from the input. */
  readonly mask: string;
  /** A confirmed phone of the flow's person stands behind the mask. */
  readonly phoneKnown: boolean;
  /**
   * The number behind the mask (E.164) when one is known to the requester or to us: the
   * person's confirmed phone, or the number the requester typed. Its missing digits lead on to
   * «code sent» for everybody — an SMS leaves only for a real person — so the right digits of a
   * stranger's own number tell nothing. Null for a made-up mask: no digits are right.
   */
  readonly maskPhone: string | null;
  readonly codeHash: string | null;
  readonly codeExpiresAt: number;
  readonly resends: number;
};

export const recoveryFlow = defineFlow<RecoveryState, RecoveryData>({
  kind: 'recovery',
  transitions: {
    started: ['code_sent', 'done', 'locked', 'superseded'],
    code_sent: ['code_sent', 'code_ok', 'done', 'locked', 'superseded'],
    code_ok: ['done', 'superseded'],
    done: [],
    locked: [],
    superseded: [],
  },
  ended: ['done', 'locked', 'superseded'],
  attempts: { started: MAX_DIGIT_ATTEMPTS, code_sent: MAX_CODE_ATTEMPTS },
});

/** The states in which the link from the letter still sets the password. */
export const LINK_STATES: readonly RecoveryState[] = ['started', 'code_sent', 'code_ok'];

export interface RecoveryDeps extends PasswordOperationDeps {
  readonly keyed: KeyedHasher;
  readonly passwords: PasswordHasher;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly limiters: LimiterFactory;
  readonly smsBudget: SmsBudget;
  readonly captcha: Captcha;
  readonly jobs: Pick<Jobs, 'toEnqueue'>;
  readonly config: { readonly baseUrl: string };
}

export interface Meta {
  readonly ip: string;
  readonly userAgent: string | null;
  readonly locale: Locale;
  /** This browser's flow token (`web/flow-browser.ts`). */
  readonly browserToken: string;
}

export interface Problem {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

export const usable = (p: Person): boolean => p.status === 'active';
export const mailable = (p: Person): boolean => usable(p) && p.email !== null && p.email_verified_at !== null;
export const textable = (p: Person): boolean => usable(p) && p.phone !== null && p.phone_verified_at !== null;

/** A flow found expired at a step: audited (an operator sees why a person had to start again). */
export async function expiredAt(
  deps: Pick<RecoveryDeps, 'audit'>,
  realmId: string,
  flow: { readonly personId: string | null },
  step: 'link' | 'sms',
): Promise<{ readonly kind: 'expired' }> {
  await deps.audit.append({
    realmId,
    action: 'recovery.flow_expired',
    subjectId: flow.personId,
    detail: { step },
  });
  return { kind: 'expired' };
}
