/**
 * The school search moves into memory (directory/school-search/): each process keeps an index
 * per realm and rebuilds it when the realm's organisation version changes. This migration adds
 * that version and drops what only the database search of 0005 used.
 *
 * - `organisation_versions` (realm_id, version): a new random version in the same transaction
 *   as every insert and delete of an organisation and every update that changes its id, realm,
 *   region, name or number — whoever writes, including a region's deletion (which empties its
 *   organisations' region) and SQL typed by an operator. SQLite: three row triggers. PostgreSQL:
 *   three statement triggers over their transition tables (a bulk insert of 40,000 rows writes
 *   the version once per statement, not once per row). A realm that is being deleted gets no
 *   version (its row goes with it).
 * - Dropped: the FTS5 tables and their triggers (SQLite), the pg_trgm and character GIN indexes,
 *   `name_grams` and its function (PostgreSQL), the (realm, number) index and `name_folded`
 *   (the index folds names itself with core/text/fold.ts, so changing the fold needs no
 *   migration any more). The (realm, name, id) index stays, plain, for reading a realm's names
 *   in order. `down` builds all of it again with 0005's own code.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../connect.js';
import {
  createOrganisationSearch,
  dropOrganisationSearch,
  foldStoredNames,
} from './0005_organisation_search.js';

const TRIGGERS = [
  'organisation_versions_insert',
  'organisation_versions_update',
  'organisation_versions_delete',
] as const;

/** The columns whose change changes what the school search finds. */
const SEARCHED = ['id', 'realm_id', 'region_id', 'name', 'number'] as const;

/** SQLite: a trigger statement giving the realm `realm` (an expression) a new version. */
function sqliteBump(realm: string): string {
  return `insert into organisation_versions (realm_id, version)
      select ${realm}, lower(hex(randomblob(16))) where exists (select 1 from realms where id = ${realm})
      on conflict (realm_id) do update set version = excluded.version;`;
}

async function createSqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const changed = SEARCHED.map((c) => `old.${c} is not new.${c}`).join(' or ');
  await sql`create trigger organisation_versions_insert after insert on organisations
    begin ${sql.raw(sqliteBump('new.realm_id'))} end`.execute(db);
  await sql`create trigger organisation_versions_update
    after update of ${sql.raw(SEARCHED.join(', '))} on organisations when ${sql.raw(changed)}
    begin ${sql.raw(sqliteBump('old.realm_id'))} ${sql.raw(sqliteBump('new.realm_id'))} end`.execute(db);
  await sql`create trigger organisation_versions_delete after delete on organisations
    begin ${sql.raw(sqliteBump('old.realm_id'))} end`.execute(db);
}

/** PostgreSQL: the realms of the rows of `from` that `other` lacks or holds changed. */
function changedRealms(from: 'o' | 'n'): string {
  const [table, other] = from === 'o' ? ['removed', 'added'] : ['added', 'removed'];
  const to = from === 'o' ? 'n' : 'o';
  const row = (alias: string): string => `(${SEARCHED.map((c) => `${alias}.${c}`).join(', ')})`;
  return `select ${from}.realm_id from ${table} ${from} left join ${other} ${to} on ${to}.id = ${from}.id
    where ${to}.id is null or ${row('o')} is distinct from ${row('n')}`;
}

async function createPostgresTriggers(db: Kysely<unknown>): Promise<void> {
  // `set search_path from current`: the functions find the tables of the schema they were
  // made in, whatever the search_path of the session that writes.
  await sql`create function organisation_versions_bump(realm_ids varchar[]) returns void
    language sql set search_path from current as $$
      insert into organisation_versions (realm_id, version)
      select r.id, md5(random()::text || clock_timestamp()::text) from realms r where r.id = any(realm_ids)
      on conflict (realm_id) do update set version = excluded.version
    $$`.execute(db);
  const bodies: Record<(typeof TRIGGERS)[number], string> = {
    organisation_versions_insert: 'select distinct realm_id from added',
    organisation_versions_delete: 'select distinct realm_id from removed',
    organisation_versions_update: `${changedRealms('o')} union ${changedRealms('n')}`,
  };
  for (const name of TRIGGERS) {
    await sql`create function ${sql.raw(name)}() returns trigger
      language plpgsql set search_path from current as $$
      begin
        perform organisation_versions_bump(array(${sql.raw(bodies[name])}));
        return null;
      end $$`.execute(db);
  }
  await sql`create trigger organisation_versions_insert after insert on organisations
    referencing new table as added
    for each statement execute function organisation_versions_insert()`.execute(db);
  await sql`create trigger organisation_versions_update after update on organisations
    referencing old table as removed new table as added
    for each statement execute function organisation_versions_update()`.execute(db);
  await sql`create trigger organisation_versions_delete after delete on organisations
    referencing old table as removed
    for each statement execute function organisation_versions_delete()`.execute(db);
}

async function dropVersions(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  for (const name of TRIGGERS) {
    await sql`drop trigger if exists ${sql.raw(name)}${sql.raw(dialect === 'postgres' ? ' on organisations' : '')}`.execute(
      db,
    );
    if (dialect === 'postgres') await sql`drop function if exists ${sql.raw(name)}()`.execute(db);
  }
  if (dialect === 'postgres')
    await sql`drop function if exists organisation_versions_bump(varchar[])`.execute(db);
  await db.schema.dropTable('organisation_versions').ifExists().execute();
}

export function organisationVersions(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await dropOrganisationSearch(db, dialect);
      await db.schema.dropIndex('organisations_realm_number').ifExists().execute();
      await db.schema.alterTable('organisations').dropColumn('name_folded').execute();
      await db.schema
        .createIndex('organisations_realm_name')
        .on('organisations')
        .columns(['realm_id', 'name', 'id'])
        .execute();
      await db.schema
        .createTable('organisation_versions')
        .addColumn('realm_id', 'varchar(40)', (c) =>
          c.primaryKey().references('realms.id').onDelete('cascade'),
        )
        .addColumn('version', 'varchar(32)', (c) => c.notNull())
        .execute();
      if (dialect === 'postgres') await createPostgresTriggers(db);
      else await createSqliteTriggers(db);
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await dropVersions(db, dialect);
      await db.schema.dropIndex('organisations_realm_name').ifExists().execute();
      await db.schema
        .alterTable('organisations')
        .addColumn('name_folded', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .execute();
      await foldStoredNames(db);
      await db.schema
        .createIndex('organisations_realm_number')
        .on('organisations')
        .columns(['realm_id', 'number'])
        .execute();
      await createOrganisationSearch(db, dialect);
    },
  };
}
