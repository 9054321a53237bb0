/** The school search index on PostgreSQL: pg_trgm, a GIN over the name's characters and pairs (see index.ts). */
import { type Kysely, type SqlBool, sql } from 'kysely';
import { ANALYZE_AFTER, characters, type OrganisationSearch, regionScan, TRIGRAM } from './query.js';

/** The characters and neighbouring pairs of a text: the keys of the short-text index. */
const SHORT_GRAMS_FUNCTION = 'organisation_short_grams';

export function postgresSearch(): OrganisationSearch {
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

export async function createPostgres(db: Kysely<unknown>): Promise<void> {
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

export async function dropPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists organisations_realm_name`.execute(db);
  await sql`drop index if exists organisations_name_grams`.execute(db);
  await sql`alter table organisations drop column if exists name_grams`.execute(db);
  await sql`drop index if exists organisations_name_trigrams`.execute(db);
  await sql`drop function if exists ${sql.raw(SHORT_GRAMS_FUNCTION)}(text)`.execute(db);
  // pg_trgm stays: other schemas of the database may use it.
}
