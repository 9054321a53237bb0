/**
 * The school search without a scan: organisations keep their folded name (`name_folded`,
 * `fold` of core/text/fold.ts, written by the organisation store from now on), the names are
 * indexed for substring search and in name order (db/organisation-search/: FTS5 on SQLite,
 * pg_trgm on PostgreSQL), and two ordinary indexes serve a region's names and the number.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import { fold } from '../../core/text/fold.js';
import type { DialectName } from '../connect.js';
import { createOrganisationSearch, dropOrganisationSearch } from '../organisation-search/index.js';

const BATCH = 500;

/** Folds the names already stored, a batch at a time in id order. */
async function foldStoredNames(db: Kysely<unknown>): Promise<void> {
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
