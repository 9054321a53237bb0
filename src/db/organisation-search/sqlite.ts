/** The school search index on SQLite: FTS5 tables kept in name order by triggers (see index.ts). */
import { type Kysely, type QueryExecutorProvider, type SqlBool, sql } from 'kysely';
import {
  characters,
  ftsQuery,
  type OrganisationSearch,
  regionScan,
  TAIL_MAX,
  TAIL_START,
  TRIGRAM,
} from './query.js';

const TAIL = sql.raw(String(TAIL_START));

export function sqliteSearch(): OrganisationSearch {
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

export async function createSqlite(db: Kysely<unknown>): Promise<void> {
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

export async function dropSqlite(db: Kysely<unknown>): Promise<void> {
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
