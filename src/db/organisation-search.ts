/**
 * The index behind the public school search: «the organisation's folded name contains this
 * text», in (name, id) order, without reading every organisation. This file and `connect.ts`
 * are the only ones that know the two dialects do it differently.
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
import {
  type Expression,
  type Kysely,
  type QueryExecutorProvider,
  type RawBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import type { DialectName } from './connect.js';
import type { Database } from './schema.js';

/** One search: the organisations of a realm (and region) whose text matches. */
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
function characters(text: string): number {
  return [...text].length;
}

/** A string literal of the FTS5 query language. */
function phrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function hex(text: string): string {
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
function regionScan(query: OrganisationTextQuery, hint: RawBuilder<unknown>): Expression<SqlBool> {
  return sql<SqlBool>`o.id in (
    select w.id from organisations w ${hint}
    where w.region_id = ${query.regionId} and w.realm_id = ${query.realmId}
      and (w.name_folded like ${query.likePattern} escape '\\' or w.number = ${query.number})
    order by w.name, w.id limit ${query.limit}
  )`;
}

// ─── SQLite ────────────────────────────────────────────────────────────────────────────────────

const TAIL = sql.raw(String(TAIL_START));

function sqliteSearch(): OrganisationSearch {
  return {
    matches(query) {
      if (query.regionId !== null) return regionScan(query, sql.raw('indexed by organisations_region_name'));
      const table = sql.raw(
        characters(query.folded) >= TRIGRAM ? 'organisation_search' : 'organisation_search_short',
      );
      const match = ftsQuery(query.folded);
      const realm = sql`(select first_row from organisation_search_realms where realm_id = ${query.realmId})
        and s.rowid <= (select last_row from organisation_search_realms where realm_id = ${query.realmId})`;
      const contains = sql`c.name_folded like ${query.likePattern} escape '\\'`;
      // The realm's first `limit` matches in name order, every match of the tail, and the
      // number: together they hold the first `limit` results.
      return sql<SqlBool>`o.id in (
        select id from (
          select c.id from ${table} s
          join organisation_search_rows m on m.row = s.rowid
          join organisations c on c.id = m.organisation_id
          where ${table} match ${match} and s.rowid >= ${realm} and ${contains}
          order by s.rowid limit ${query.limit}
        )
        union all
        select c.id from ${table} s
        join organisation_search_rows m on m.row = s.rowid
        join organisations c on c.id = m.organisation_id and c.realm_id = ${query.realmId}
        where ${table} match ${match} and s.rowid >= ${TAIL} and ${contains}
        union all
        select n.id from organisations n where n.realm_id = ${query.realmId} and n.number = ${query.number}
      )`;
    },

    async afterWrite(db) {
      const tail = await sql<{ n: number }>`select count(*) as n from organisation_search_rows
        where row >= ${TAIL}`.execute(db);
      if ((tail.rows[0]?.n ?? 0) > TAIL_MAX) await db.transaction().execute((trx) => sqliteReorder(trx));
    },

    reorder: (db) => sqliteReorder(db),
  };
}

/** The characters and neighbouring pairs of `<row>.name_folded`, as tokens. */
function shortTokens(row: 'new' | 'o'): string {
  const name = `${row}.name_folded`;
  // json_each over [1,2,1,2,…] (two entries per character): entry k is the text of length
  // `value` at character k / 2 + 1.
  return `(select group_concat('g' || hex(substr(${name}, j.key / 2 + 1, j.value)), ' ')
      from json_each('[' || rtrim(replace(hex(zeroblob(length(${name}))), '00', '1,2,'), ',') || ']') j
      where j.key / 2 + j.value <= length(${name}))`;
}

/** Trigger statements that put the organisation `new` at the end of the tail. */
function appendRow(): string {
  return `
    insert into organisation_search_rows(row, organisation_id)
      values ((select max(coalesce(max(row) + 1, 0), ${TAIL_START}) from organisation_search_rows), new.id);
    insert into organisation_search(rowid, name_folded)
      select row, new.name_folded from organisation_search_rows where organisation_id = new.id;
    insert into organisation_search_short(rowid, grams)
      select row, ${shortTokens('new')} from organisation_search_rows where organisation_id = new.id;`;
}

/** Trigger statements that take the organisation `old` out of the index. */
function removeRow(): string {
  const row = '(select row from organisation_search_rows where organisation_id = old.id)';
  return `
    delete from organisation_search where rowid = ${row};
    delete from organisation_search_short where rowid = ${row};
    delete from organisation_search_rows where organisation_id = old.id;`;
}

async function sqliteReorder(db: QueryExecutorProvider): Promise<void> {
  await sql`insert into organisation_search(organisation_search) values ('delete-all')`.execute(db);
  await sql`insert into organisation_search_short(organisation_search_short) values ('delete-all')`.execute(
    db,
  );
  await sql`delete from organisation_search_rows`.execute(db);
  await sql`delete from organisation_search_realms`.execute(db);
  await sql`insert into organisation_search_rows(row, organisation_id)
    select row_number() over (order by realm_id, name, id), id from organisations`.execute(db);
  await sql`insert into organisation_search_realms(realm_id, first_row, last_row)
    select o.realm_id, min(m.row), max(m.row)
    from organisation_search_rows m join organisations o on o.id = m.organisation_id group by o.realm_id`.execute(
    db,
  );
  await sql`insert into organisation_search(rowid, name_folded)
    select m.row, o.name_folded
    from organisation_search_rows m join organisations o on o.id = m.organisation_id order by m.row`.execute(
    db,
  );
  await sql`insert into organisation_search_short(rowid, grams)
    select m.row, ${sql.raw(shortTokens('o'))}
    from organisation_search_rows m join organisations o on o.id = m.organisation_id order by m.row`.execute(
    db,
  );
  // One segment per index: a search then looks each trigram up once, not once per segment.
  await sql`insert into organisation_search(organisation_search) values ('optimize')`.execute(db);
  await sql`insert into organisation_search_short(organisation_search_short) values ('optimize')`.execute(db);
}

async function createSqlite(db: Kysely<unknown>): Promise<void> {
  // The realm's names in order: the list shown when no text is given.
  await sql`create index organisations_realm_name on organisations (realm_id, name, id)`.execute(db);
  await sql`create table organisation_search_rows (
    row integer primary key,
    organisation_id varchar(40) not null unique
  )`.execute(db);
  await sql`create table organisation_search_realms (
    realm_id varchar(40) primary key,
    first_row integer not null,
    last_row integer not null
  )`.execute(db);
  await sql`create virtual table organisation_search using fts5(
    name_folded,
    tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1, detail = none
  )`.execute(db);
  await sql`create virtual table organisation_search_short using fts5(
    grams, content = '', contentless_delete = 1, detail = none
  )`.execute(db);
  await sql`create trigger organisation_search_insert after insert on organisations
    begin ${sql.raw(appendRow())} end`.execute(db);
  await sql`create trigger organisation_search_delete after delete on organisations
    begin ${sql.raw(removeRow())} end`.execute(db);
  await sql`create trigger organisation_search_update
    after update of id, name, name_folded, realm_id, region_id on organisations
    when old.id is not new.id or old.name is not new.name or old.name_folded is not new.name_folded
      or old.realm_id is not new.realm_id or old.region_id is not new.region_id
    begin ${sql.raw(removeRow())} ${sql.raw(appendRow())} end`.execute(db);
  await sqliteReorder(db);
}

async function dropSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists organisations_realm_name`.execute(db);
  for (const trigger of [
    'organisation_search_insert',
    'organisation_search_delete',
    'organisation_search_update',
  ])
    await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
  for (const table of [
    'organisation_search',
    'organisation_search_short',
    'organisation_search_rows',
    'organisation_search_realms',
  ])
    await sql`drop table if exists ${sql.raw(table)}`.execute(db);
}

// ─── PostgreSQL ───────────────────────────────────────────────────────────────────────────────

/** The characters and neighbouring pairs of a text: the keys of the short-text index. */
const SHORT_GRAMS_FUNCTION = 'organisation_short_grams';

function postgresSearch(): OrganisationSearch {
  return {
    matches(query) {
      if (query.regionId !== null) return regionScan(query, sql``);
      const number = sql<SqlBool>`w.number = ${query.number}`;
      // One or two characters: the array finds the rows through its GIN index; LIKE, written
      // first, is the cheaper test per row when the plan walks the names in order (both say
      // the same; the planner takes them as independent, so it expects fewer rows than come).
      const like = sql<SqlBool>`w.name_folded like ${query.likePattern} escape '\\'`;
      const text =
        characters(query.folded) >= TRIGRAM
          ? like
          : sql<SqlBool>`${like} and w.name_grams @> array[${query.folded}]::text[]`;
      // A subquery of its own, so the planner can read `organisations_realm_name` alone (it
      // holds every column tested here) when the text is in many names, or go through the GIN
      // indexes when it is rare.
      return sql<SqlBool>`o.id in (
        select w.id from organisations w
        where w.realm_id = ${query.realmId} and (${text} or ${number})
        order by w.name, w.id limit ${query.limit}
      )`;
    },
    async afterWrite(db, written) {
      // Autovacuum would get there, but only after the searches of the next minute or so: the
      // statistics tell the planner which words are common, and the visibility map lets it
      // read `organisations_realm_name` without visiting the table.
      if (written >= ANALYZE_AFTER) await sql`vacuum (analyze) organisations`.execute(db);
    },
    reorder: async () => undefined,
  };
}

/** The schema pg_trgm is installed in, installing it in `public` first when it is missing. */
async function trigramSchema(db: Kysely<unknown>): Promise<string> {
  // Migrations of several schemas may run at once (tests): one installs, the others wait and
  // then find it. The lock ends with the migration's transaction.
  await sql`select pg_advisory_xact_lock(hashtext('propusk pg_trgm'))`.execute(db);
  const installed = async (): Promise<string | undefined> =>
    (
      await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
        join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db)
    ).rows[0]?.schema;
  const found = await installed();
  if (found !== undefined) return found;
  try {
    await sql`create extension if not exists pg_trgm schema public`.execute(db);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `the school search needs the PostgreSQL extension pg_trgm (in postgresql-contrib) in schema public: ${reason}`,
    );
  }
  const schema = await installed();
  if (schema === undefined) throw new Error('pg_trgm was created but is not listed in pg_extension');
  return schema;
}

async function createPostgres(db: Kysely<unknown>): Promise<void> {
  const schema = await trigramSchema(db);
  await sql`create index organisations_name_trigrams on organisations
    using gin (name_folded ${sql.id(schema, 'gin_trgm_ops')})`.execute(db);
  await sql`create function ${sql.raw(SHORT_GRAMS_FUNCTION)}(t text) returns text[]
    language sql immutable strict parallel safe as $$
      select array(
        select distinct substr(t, i, n)
        from generate_series(1, length(t)) as i, (values (1), (2)) as lengths(n)
        where i + n - 1 <= length(t)
      )
    $$`.execute(db);
  // Stored, so a plan that walks the names in order tests each row with an array lookup
  // rather than by running the function.
  await sql`alter table organisations add column name_grams text[]
    generated always as (${sql.raw(SHORT_GRAMS_FUNCTION)}(name_folded)) stored`.execute(db);
  await sql`create index organisations_name_grams on organisations using gin (name_grams)`.execute(db);
  // The realm's names in order, with what a search of three characters or more tests per row:
  // a text found in many names is searched by reading this index from the first name on (no
  // table access) until the page is full; the list shown when no text is given reads it too.
  // (`name_grams` stays out: it would make every entry ten times larger.)
  await sql`create index organisations_realm_name on organisations (realm_id, name, id)
    include (name_folded, number)`.execute(db);
}

async function dropPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists organisations_realm_name`.execute(db);
  await sql`drop index if exists organisations_name_grams`.execute(db);
  await sql`alter table organisations drop column if exists name_grams`.execute(db);
  await sql`drop index if exists organisations_name_trigrams`.execute(db);
  await sql`drop function if exists ${sql.raw(SHORT_GRAMS_FUNCTION)}(text)`.execute(db);
  // pg_trgm stays: other schemas of the database may use it.
}

// ─── the dialect switch ───────────────────────────────────────────────────────────────────────

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
