/**
 * The messages of the school's side — the audit viewer, the roster import, corrections and
 * access-help requests — gathered here so that `messages.ts` adds them with one spread.
 */
import * as auditView from './audit-view/messages.js';
import * as corrections from './directory/corrections-messages.js';
import * as help from './help-requests/messages.js';
import * as roster from './import/messages.js';

export const ru = { ...auditView.ru, ...roster.ru, ...corrections.ru, ...help.ru } as const;
export const en = { ...auditView.en, ...roster.en, ...corrections.en, ...help.en } satisfies Record<
  keyof typeof ru,
  string
>;
export const kk = { ...auditView.kk, ...roster.kk, ...corrections.kk, ...help.kk } satisfies Record<
  keyof typeof ru,
  string
>;
