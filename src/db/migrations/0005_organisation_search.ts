/**
 * The school search of its time (replaced by the in-memory index of migration 0018, whose
 * `down` builds this again): organisations keep their folded name (`name_folded`, `fold` of
 * core/text/fold.ts), the names are indexed for substring search and in name order, and two
 * ordinary indexes serve a region's names and the number.
 *
 * SQLite (FTS5, kept up to date by triggers on `organisations`):
 * - `organisation_search` — trigram tokenizer, case-sensitive (the text is already folded),
 *   without positions; `organisation_search_short` — every character and every pair of
 *   neighbouring characters of the name as one token (`g` + the hex of its UTF-8).
 * - Both are keyed by `organisation_search_rows.row`, numbered in (realm, name, id) order by
 *   `reorder`, which also notes each realm's first and last row (`organisation_search_realms`);
 *   organisations written since get numbers from `TAIL_START` on.
 * PostgreSQL: a `pg_trgm` GIN index on `name_folded`; a GIN index on `name_grams`, a generated
 * column holding the characters and pairs of neighbouring characters of the name
 * (`organisation_short_grams`); the realm's names in order with the folded name and number.
 * The extension lives in `public` (extensions are per database; a test schema dropped with
 * CASCADE must not take it along), and the index names its operator class with that schema.
 */
import { type Kysely, type Migration, type QueryExecutorProvider, sql } from 'kysely';
import { fold } from '../../core/text/fold.js';
import type { DialectName } from '../connect.js';

const BATCH = 500;

/** Row numbers from here on are the tail: written after the last `reorder`, in no order. */
const TAIL_START = 2 ** 40;

/** The characters and neighbouring pairs of a text: the keys of the short-text index. */
const SHORT_GRAMS_FUNCTION = 'organisation_short_grams';

/** Folds the names already stored, a batch at a time in id order. */
export async function foldStoredNames(db: Kysely<unknown>): Promise<void> {
  let after = '';
  for (;;) {
    const batch = await sql<{ id: string; name: string }>`select id, name from organisations
      where id > ${after} order by id limit ${BATCH}`.execute(db);
    if (batch.rows.length > 0) {
      const values = sql.join(batch.rows.map((row) => sql`(${row.id}, ${fold(row.name)})`));
      // VALUES columns are column1, column2… in both dialects.
      await sql`update organisations set name_folded = v.column2 from (values ${values}) as v
        where organisations.id = v.column1`.execute(db);
    }
    const last = batch.rows.at(-1);
    if (!last || batch.rows.length < BATCH) return;
    after = last.id;
  }
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

/** Builds the search structures over the organisations there (0005 up, 0018 down). */
export function createOrganisationSearch(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  return dialect === 'postgres' ? createPostgres(db) : createSqlite(db);
}

export function dropOrganisationSearch(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  return dialect === 'postgres' ? dropPostgres(db) : dropSqlite(db);
}

export function organisationSearchMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('organisations')
        .addColumn('name_folded', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .execute();
      await foldStoredNames(db);
      // A search within a region reads the region's names in order; this replaces the index
      // on region_id alone.
      await db.schema
        .createIndex('organisations_region_name')
        .on('organisations')
        .columns(['region_id', 'name', 'id'])
        .execute();
      await db.schema.dropIndex('organisations_region').execute();
      await db.schema
        .createIndex('organisations_realm_number')
        .on('organisations')
        .columns(['realm_id', 'number'])
        .execute();
      await createOrganisationSearch(db, dialect);
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await dropOrganisationSearch(db, dialect);
      await db.schema.dropIndex('organisations_realm_number').execute();
      await db.schema.createIndex('organisations_region').on('organisations').column('region_id').execute();
      await db.schema.dropIndex('organisations_region_name').execute();
      await db.schema.alterTable('organisations').dropColumn('name_folded').execute();
    },
  };
}
