/**
 * The person as ESIA describes them (protocols.md §3): `/rs/prns/{oid}` with its contacts and
 * documents embedded, and `/rs/prns/{oid}/kids`. What ESIA sends is checked like any input: a
 * field of the wrong shape, a birth date that is not a date, or a SNILS whose check digit is
 * wrong makes the whole answer unusable (`null`), never a half-read person.
 */
import { z } from 'zod';
import { isValidSnils, normalizeSnils } from '../core/identifiers/snils.js';

/** simplified < standard < confirmed (protocols.md §3.2). */
export type EsiaLevel = 'simplified' | 'standard' | 'confirmed';
export const LEVEL_RANK: Readonly<Record<EsiaLevel, number>> = { simplified: 0, standard: 1, confirmed: 2 };

export interface EsiaContact {
  readonly type: 'email' | 'mobile';
  readonly value: string;
  readonly verified: boolean;
}

export interface EsiaPerson {
  readonly oid: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string | null;
  /** YYYY-MM-DD */
  readonly birthDate: string | null;
  readonly gender: 'male' | 'female' | null;
  /** Eleven digits with a correct check digit. */
  readonly snils: string | null;
  readonly level: EsiaLevel;
  readonly contacts: readonly EsiaContact[];
}

export interface EsiaKid {
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string | null;
  readonly birthDate: string | null;
  readonly snils: string | null;
}

const name = z.string().trim().min(1).max(100);
const date = z.string().regex(/^\d{2}\.\d{2}\.\d{4}$/);
const collection = <T extends z.ZodType>(item: T) =>
  z.object({ elements: z.array(z.union([item, z.string()])).max(200) }).optional();

const contactSchema = z.object({
  type: z.string().max(10),
  value: z.string().max(200),
  vrfStu: z.string().max(20).optional(),
});
const documentSchema = z.object({ type: z.string().max(30), vrfStu: z.string().max(20).optional() });

const personSchema = z.object({
  firstName: name,
  lastName: name,
  middleName: name.optional(),
  birthDate: date.optional(),
  gender: z.enum(['M', 'F']).optional(),
  snils: z.string().max(20).optional(),
  trusted: z.boolean().optional(),
  contacts: collection(contactSchema),
  documents: collection(documentSchema),
});

const kidSchema = z.object({
  firstName: name,
  lastName: name,
  middleName: name.optional(),
  birthDate: date.optional(),
  snils: z.string().max(20).optional(),
});

/** `DD.MM.YYYY` → `YYYY-MM-DD`, or undefined when it names no day. */
export function isoDate(esia: string): string | undefined {
  const [d, m, y] = esia.split('.');
  const iso = `${y}-${m}-${d}`;
  const time = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/** Undefined: a SNILS is there but it is not one (shape or check digit). */
function snilsOf(value: string | undefined): string | null | undefined {
  if (value === undefined || value === '') return null;
  const digits = normalizeSnils(value);
  return digits && isValidSnils(digits) ? digits : undefined;
}

function birthOf(value: string | undefined): string | null | undefined {
  return value === undefined ? null : isoDate(value);
}

export function parsePerson(oid: string, body: unknown): EsiaPerson | null {
  const parsed = personSchema.safeParse(body);
  if (!parsed.success) return null;
  const p = parsed.data;
  const snils = snilsOf(p.snils);
  const birthDate = birthOf(p.birthDate);
  if (snils === undefined || birthDate === undefined) return null;
  const contacts: EsiaContact[] = [];
  for (const c of p.contacts?.elements ?? []) {
    if (typeof c === 'string') continue;
    if (c.type === 'EML' || c.type === 'MBT')
      contacts.push({
        type: c.type === 'EML' ? 'email' : 'mobile',
        value: c.value,
        verified: c.vrfStu === 'VERIFIED',
      });
  }
  const passportVerified = (p.documents?.elements ?? []).some(
    (d) => typeof d !== 'string' && d.type === 'RF_PASSPORT' && d.vrfStu === 'VERIFIED',
  );
  const level: EsiaLevel = p.trusted ? 'confirmed' : snils && passportVerified ? 'standard' : 'simplified';
  return {
    oid,
    lastName: p.lastName,
    firstName: p.firstName,
    middleName: p.middleName ?? null,
    birthDate,
    gender: p.gender === 'M' ? 'male' : p.gender === 'F' ? 'female' : null,
    snils,
    level,
    contacts,
  };
}

export function parseKids(body: unknown): EsiaKid[] | null {
  const parsed = z.object({ elements: z.array(kidSchema).max(50) }).safeParse(body);
  if (!parsed.success) return null;
  const kids: EsiaKid[] = [];
  for (const k of parsed.data.elements) {
    const snils = snilsOf(k.snils);
    const birthDate = birthOf(k.birthDate);
    if (snils === undefined || birthDate === undefined) return null;
    kids.push({
      lastName: k.lastName,
      firstName: k.firstName,
      middleName: k.middleName ?? null,
      birthDate,
      snils,
    });
  }
  return kids;
}
