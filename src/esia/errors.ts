/**
 * ESIA's answers that stop a sign-in, as the person reads them: each `ESIA-0070xx` code of
 * protocols.md §4, ESIA unreachable or too slow, tokens that fail their checks, and a person
 * whose data does not hold up. Each becomes a message key and an HTTP status: 4xx when the
 * sign-in cannot go on — 424 (Failed Dependency) when ESIA does not answer, answers too late or
 * answers with something unreadable —, 503 when our own signer fails; never a 500. `unavailable`
 * marks the failures that are not the person's: the page says «Госуслуги недоступны».
 */
import type { MessageKey } from '../core/i18n/i18n.js';
import type { EsiaFailure } from './client.js';

export interface FailureText {
  readonly key: MessageKey;
  readonly status: number;
  /** ESIA's code, shown for support. */
  readonly code: string | null;
  /** ESIA or our signer failed, not the person: «Госуслуги недоступны», try again later. */
  readonly unavailable?: boolean;
}

const BY_CODE: Readonly<Record<string, MessageKey>> = {
  'ESIA-007004': 'esia.error.refused',
  'ESIA-007055': 'esia.fail.level',
  'ESIA-007011': 'esia.error.code',
  'ESIA-007015': 'esia.error.clock',
  'ESIA-007007': 'esia.error.unavailable',
  'ESIA-007008': 'esia.error.unavailable',
};

/** Codes that say our system is set up wrongly (certificate, secret, redirect, scopes, parameters). */
const SYSTEM = [
  'ESIA-007002',
  'ESIA-007003',
  'ESIA-007005',
  'ESIA-007006',
  'ESIA-007009',
  'ESIA-007012',
  'ESIA-007013',
  'ESIA-007014',
  'ESIA-007019',
  'ESIA-007023',
  'ESIA-007038',
  'ESIA-007039',
  'ESIA-007040',
  'ESIA-007046',
  'ESIA-007053',
  'ESIA-008010',
];

export function esiaCodeText(code: string | null, oauthError: string): FailureText {
  if (code && BY_CODE[code]) return { key: BY_CODE[code], status: code === 'ESIA-007004' ? 401 : 403, code };
  if (code && SYSTEM.includes(code)) return { key: 'esia.error.system', status: 403, code };
  if (!code && oauthError === 'access_denied') return { key: 'esia.error.refused', status: 401, code: null };
  return { key: 'esia.error.system', status: 403, code };
}

export function failureText(failure: EsiaFailure): FailureText {
  switch (failure.kind) {
    case 'esia':
      return esiaCodeText(failure.code, failure.error);
    case 'timeout':
    case 'unreachable':
    case 'bad-response':
      return { key: 'esia.error.unavailable', status: 424, code: null, unavailable: true };
    case 'signer':
      return { key: 'esia.error.signer', status: 503, code: null, unavailable: true };
    case 'bad-data':
      return { key: 'esia.error.person_data', status: 422, code: null };
    case 'token':
      return { key: 'esia.error.token', status: 403, code: null };
  }
}
