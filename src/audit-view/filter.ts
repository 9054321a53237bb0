/**
 * The audit viewer's filter as it arrives — from the desk's query string, the CLI's options or
 * the admin API — read into an `AuditFilter` and a cursor, or the localised problem per field.
 *
 * Rules: a person is an id (22 base64url characters, up to 64); kinds are names from
 * `AUDIT_KINDS`, several separated by commas or repeated; a period is `YYYY-MM-DD` (UTC days,
 * `to` inclusive) and `from` not after `to`; a cursor is `at.id`. Anything else is refused with
 * its field's message — never ignored, never a 500.
 */
import type { MessageKey } from '../core/i18n/i18n.js';
import { isRealDate } from '../directory/accounts.js';
import { type AuditKind, isAuditKind } from './kinds.js';
import { type AuditCursor, type AuditFilter, parseCursor } from './query.js';

export interface RawAuditFilter {
  readonly person?: string | undefined;
  readonly kind?: string | readonly string[] | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly before?: string | undefined;
}

export type AuditFilterField = 'person' | 'kind' | 'from' | 'to' | 'before';

export type ParsedAuditFilter =
  | { readonly ok: true; readonly filter: AuditFilter; readonly before: AuditCursor | null }
  | { readonly ok: false; readonly errors: Partial<Record<AuditFilterField, MessageKey>> };

const DAY = 24 * 3600 * 1000;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function dayStart(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

export function parseAuditFilter(raw: RawAuditFilter): ParsedAuditFilter {
  const errors: Partial<Record<AuditFilterField, MessageKey>> = {};
  const person = raw.person?.trim() ?? '';
  if (person !== '' && !ID.test(person)) errors.person = 'audit.error.person';
  const kindTexts = (typeof raw.kind === 'string' ? [raw.kind] : (raw.kind ?? []))
    .flatMap((k) => k.split(','))
    .map((k) => k.trim())
    .filter((k) => k !== '');
  const kinds: AuditKind[] = [];
  for (const k of kindTexts) {
    if (k.length > 40 || !isAuditKind(k)) errors.kind = 'audit.error.kind';
    else if (!kinds.includes(k)) kinds.push(k);
  }
  const from = raw.from?.trim() ?? '';
  const to = raw.to?.trim() ?? '';
  if (from !== '' && (from.length > 10 || !isRealDate(from))) errors.from = 'audit.error.date';
  if (to !== '' && (to.length > 10 || !isRealDate(to))) errors.to = 'audit.error.date';
  if (!errors.from && !errors.to && from !== '' && to !== '' && from > to) errors.to = 'audit.error.period';
  const beforeText = raw.before?.trim() ?? '';
  const before = beforeText === '' ? null : parseCursor(beforeText);
  if (beforeText !== '' && before === null) errors.before = 'audit.error.cursor';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    filter: {
      personId: person === '' ? undefined : person,
      kinds: kinds.length > 0 ? kinds : undefined,
      from: from === '' ? undefined : dayStart(from),
      to: to === '' ? undefined : dayStart(to) + DAY,
    },
    before,
  };
}
