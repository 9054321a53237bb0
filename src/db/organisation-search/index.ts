/**
 * The index behind the public school search: «the organisation's folded name contains this
 * text», in (name, id) order, without reading every organisation. Next to `connect.ts`, this
 * is the one place that knows the dialects differ: the choice between them is made here, the
 * SQLite side is in sqlite.ts, the PostgreSQL side in postgres.ts, what they share in query.ts.
 *
 * SQLite (FTS5, kept up to date by triggers on `organisations`):
 * - `organisation_search` — trigram tokenizer, case-sensitive (the text is already folded),
 *   without positions: a search looks up a few trigrams of its text (`trigramsOf`) and keeps
 *   the names that contain the whole text (LIKE on `name_folded`).
 * - `organisation_search_short` — for one or two characters, which trigrams cannot find: every
 *   character and every pair of neighbouring characters of the name as one token (`g` + the
 *   hex of its UTF-8).
 * - Both are keyed by `organisation_search_rows.row`. `reorder` numbers the rows in (realm,
 *   name, id) order and notes each realm's first and last row (`organisation_search_realms`):
 *   FTS5 returns matches in row order, so a search reads its realm's rows from the first name
 *   on and stops when the page is full — a word found in every second name costs as little as
 *   a rare one, and other realms' rows are never read. Organisations written since (created,
 *   renamed, moved) get numbers from `TAIL_START` on; a search reads that tail whole, and
 *   `afterWrite` reorders once it holds more than `TAIL_MAX` rows.
 * PostgreSQL: a `pg_trgm` GIN index on `name_folded` for three characters and more; for fewer,
 * a GIN index on `name_grams`, a generated column (PostgreSQL only) holding the characters and
 * pairs of neighbouring characters of the name (`organisation_short_grams`). The
 * extension lives in `public` (extensions are per database; a test schema dropped with CASCADE
 * must not take it along), and the index names its operator class with that schema, so it works
 * whatever the search_path.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { createPostgres, dropPostgres, postgresSearch } from './postgres.js';
import type { OrganisationSearch } from './query.js';
import { createSqlite, dropSqlite, sqliteSearch } from './sqlite.js';

export {
  ANALYZE_AFTER,
  ftsQuery,
  type OrganisationSearch,
  type OrganisationTextQuery,
  TAIL_MAX,
  TAIL_START,
  TRIGRAM,
  TRIGRAMS_LOOKED_UP,
  trigramsOf,
} from './query.js';

export function organisationSearch(dialect: DialectName): OrganisationSearch {
  return dialect === 'postgres' ? postgresSearch() : sqliteSearch();
}

/** Migration 0005: builds the index over the organisations already there. */
export function createOrganisationSearch(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  return dialect === 'postgres' ? createPostgres(db) : createSqlite(db);
}

export function dropOrganisationSearch(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  return dialect === 'postgres' ? dropPostgres(db) : dropSqlite(db);
}
