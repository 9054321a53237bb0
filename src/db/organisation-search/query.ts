/**
 * What a school search asks of the index, and what both dialects share: the text's trigrams
 * and FTS5 tokens, and the search within one region. The dialects are in sqlite.ts and
 * postgres.ts; index.ts chooses between them (see its comment for how each one works).
 */
import {
  type Expression,
  type Kysely,
  type QueryExecutorProvider,
  type RawBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import type { Database } from '../schema.js';

export interface OrganisationTextQuery {
  readonly realmId: string;
  readonly regionId: string | null;
  /** The search text after `fold`, at least one character. */
  readonly folded: string;
  /** `folded` as a LIKE «contains» pattern, wildcards escaped with `\`. */
  readonly likePattern: string;
  /** The text as a school number, compared exactly; null when it cannot be one. */
  readonly number: string | null;
  /** The caller reads at most this many rows in (name, id) order. */
  readonly limit: number;
}

export interface OrganisationSearch {
  /**
   * A condition on `organisations as o`: the organisation is of the realm (and the region,
   * when one is given) and its folded name contains `folded` or its number is `number`. It
   * holds for at least the first `limit` such organisations in (name, id) order; the caller
   * orders by `o.name, o.id` and reads at most `limit` rows.
   */
  matches(query: OrganisationTextQuery): Expression<SqlBool>;
  /**
   * Called after `written` organisations were created or renamed: keeps the index quick to
   * read (SQLite: puts a long tail in order; PostgreSQL: after a bulk load, vacuums and
   * refreshes the statistics the planner chooses between the name order and the GIN by).
   */
  afterWrite(db: Kysely<Database>, written: number): Promise<void>;
  /** Puts the whole index in name order (bulk loads call it once at the end). */
  reorder(db: QueryExecutorProvider): Promise<void>;
}

/** Trigrams: the shortest text `organisation_search` can find. */
export const TRIGRAM = 3;

/** Row numbers from here on are the tail: written after the last `reorder`, in no order. */
export const TAIL_START = 2 ** 40;

/** A tail longer than this is put in order by the next write. */
export const TAIL_MAX = 1000;

/** PostgreSQL: a write of this many organisations vacuums and analyses the table at once. */
export const ANALYZE_AFTER = 1000;

/** The length in characters (code points), as SQLite's `length()` and FTS5 count them. */
export function characters(text: string): number {
  return [...text].length;
}

/** A string literal of the FTS5 query language. */
export function phrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

export function hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

/** At most this many trigrams of a long text are looked up; LIKE checks the whole text. */
export const TRIGRAMS_LOOKED_UP = 6;

/**
 * The trigrams of `folded` that a search looks up: side by side without overlap (every third,
 * and the last), leaving out those without a letter or digit (« № », «г. » are in most names
 * and narrow nothing down), at most `TRIGRAMS_LOOKED_UP` spread over the text. A name that
 * holds them all is only a candidate: the search keeps it when the whole text is in it.
 */
export function trigramsOf(folded: string): string[] {
  const chars = [...folded];
  const starts: number[] = [];
  for (let i = 0; i + TRIGRAM <= chars.length; i += TRIGRAM) starts.push(i);
  if (chars.length % TRIGRAM !== 0) starts.push(chars.length - TRIGRAM);
  const all = starts.map((i) => chars.slice(i, i + TRIGRAM).join(''));
  const telling = all.filter((t) => /[\p{L}\p{N}]/u.test(t));
  const pool = telling.length > 0 ? telling : all;
  if (pool.length <= TRIGRAMS_LOOKED_UP) return [...new Set(pool)];
  const step = (pool.length - 1) / (TRIGRAMS_LOOKED_UP - 1);
  return [
    ...new Set(Array.from({ length: TRIGRAMS_LOOKED_UP }, (_, k) => pool[Math.round(k * step)] as string)),
  ];
}

/** The FTS5 query for one search text: its trigrams, all of them; or one short token. */
export function ftsQuery(folded: string): string {
  if (characters(folded) < TRIGRAM) return phrase(`g${hex(folded)}`);
  return trigramsOf(folded).map(phrase).join(' AND ');
}

/**
 * Within one region: its organisations in name order (index `organisations_region_name`),
 * each tested with LIKE, until the page is full. A region holds a few hundred schools, a large
 * city a few thousand: cheaper than finding the realm's matches and keeping the region's.
 */
export function regionScan(query: OrganisationTextQuery, hint: RawBuilder<unknown>): Expression<SqlBool> {
  return sql<SqlBool>`o.id in (
    select w.id from organisations w ${hint}
    where w.region_id = ${query.regionId} and w.realm_id = ${query.realmId}
      and (w.name_folded like ${query.likePattern} escape '\\' or w.number = ${query.number})
    order by w.name, w.id limit ${query.limit}
  )`;
}
