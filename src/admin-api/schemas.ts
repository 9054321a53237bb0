/**
 * The shapes the admin API shares: a person, a page of a list and its cursor, identifiers.
 * Answers are described exactly (strict objects), so the document's schemas are the contract.
 */
import { z } from 'zod';
import { type Person, ROLES } from '../db/schema.js';
import { isPendingLogin } from '../directory/people-store.js';
import { ApiError } from './errors.js';

/** Ids are 22 base64url characters; anything else cannot name a row, so it is refused early. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'api.issue.invalid');
export const slugSchema = z.string().min(1).max(100);
export const roleSchema = z.enum(ROLES as [string, ...string[]]);
export const dateTime = z.iso.datetime();

export const limitSchema = z.coerce.number().int().min(1).max(200).default(50);
export const cursorSchema = z.string().max(200).optional();

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    /** Pass as `cursor` for the next page; null on the last page. */
    next: z.string().nullable(),
  });
}

/** Cursors are opaque to clients: base64url of the last row's sort key. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor<T extends readonly ('string' | 'number')[]>(
  cursor: string | undefined,
  types: T,
): { [K in keyof T]: T[K] extends 'string' ? string : number } | null {
  if (cursor === undefined || cursor === '') return null;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  const ok =
    Array.isArray(values) &&
    values.length === types.length &&
    values.every((v, i) => typeof v === types[i] && (typeof v !== 'string' || v.length <= 100));
  if (!ok) throw new ApiError('invalid_request', [{ path: 'query.cursor', message: 'api.issue.cursor' }]);
  return values as { [K in keyof T]: T[K] extends 'string' ? string : number };
}

export const iso = (epochMs: number): string => new Date(epochMs).toISOString();
export const isoOrNull = (epochMs: number | null): string | null => (epochMs === null ? null : iso(epochMs));

export const personSchema = z.strictObject({
  id: z.string(),
  /** Null while the profile is pending (entered by the school, no login chosen yet). */
  login: z.string().nullable(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  birthDate: z.string().nullable(),
  snils: z.string().nullable(),
  iin: z.string().nullable(),
  email: z.string().nullable(),
  emailConfirmed: z.boolean(),
  phone: z.string().nullable(),
  phoneConfirmed: z.boolean(),
  status: z.enum(['active', 'blocked']),
  mustChangePassword: z.boolean(),
  activated: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export type PersonBody = z.infer<typeof personSchema>;

export function personBody(p: Person): PersonBody {
  return {
    id: p.id,
    login: isPendingLogin(p.login) ? null : p.login,
    lastName: p.last_name,
    firstName: p.first_name,
    middleName: p.middle_name,
    birthDate: p.birth_date,
    snils: p.snils,
    iin: p.iin,
    email: p.email,
    emailConfirmed: p.email_verified_at !== null,
    phone: p.phone,
    phoneConfirmed: p.phone_verified_at !== null,
    status: p.status,
    mustChangePassword: p.password_must_change === 1,
    activated: p.activated_at !== null,
    createdAt: iso(p.created_at),
    updatedAt: iso(p.updated_at),
  };
}
