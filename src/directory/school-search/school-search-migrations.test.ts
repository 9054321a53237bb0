/**
 * The school search across its migrations, on both dialects: 0005 folds the names an older
 * schema stored (and built the database search of its time); 0018 drops that search and adds
 * the organisation versions, and its `down` builds the old search again; through all of it, a
 * name with FTS5's own syntax (quotes, `*`, `:`, `AND`, `NEAR(`) or LIKE's (`%`) is plain text
 * to the search. The search through the page, at 40,000 organisations, is in
 * school-search-scale.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { DIALECTS, freshDatabase } from '../../../test/support/databases.js';
import { ManualClock } from '../../core/clock.js';
import type { DialectName } from '../../db/connect.js';
import { allMigrations, migrateTo, migrateToLatest } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';
import { realmStore } from '../../realms/realm-store.js';
import { organisationStore } from '../organisation-store.js';
import { schoolDirectory } from '../school-directory.js';
import { schoolSearchIndex } from './search-index.js';

const OLD_NAMES = [
  'ГБОУ Школа № 1535',
  'Школа имени Артёма',
  'ҚАЗАҚ МЕКТЕБІ',
  'Гимназия\u00a0№ 3',
  'Центр 100% успеха',
  'Лицей "Радуга" * NEAR(AND) : ^',
];

/** The database structures of 0005's search that are there. */
async function oldSearch(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ name: string }>`select name from sqlite_master
      where name like 'organisation_search%' or name = 'organisations_realm_number' order by name`.execute(
      db,
    );
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ name: string }>`
    select indexname as name from pg_indexes where schemaname = current_schema()
      and indexname in ('organisations_name_trigrams', 'organisations_name_grams', 'organisations_realm_number')
    union all
    select column_name from information_schema.columns where table_schema = current_schema()
      and table_name = 'organisations' and column_name in ('name_grams', 'name_folded')
    union all
    select proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = current_schema() and proname = 'organisation_short_grams'
    order by 1`.execute(db);
  return rows.map((r) => r.name);
}

for (const dialect of DIALECTS) {
  describe(`the school search's migrations on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('0005 folds the names an older schema stored; 0018 searches them in memory; down and up again', async () => {
      const fresh = await freshDatabase(dialect.name);
      const clock = new ManualClock();
      try {
        const step = await migrateTo(fresh.handle, '0004_invitations');
        assert.equal(step.error, undefined);
        const { db } = fresh.handle;
        await realmStore(db, clock).create({ id: 'old', name: 'Old', preset: 'dnevnik' });
        for (const [i, name] of OLD_NAMES.entries()) {
          await sql`insert into organisations (id, realm_id, kind, name, slug, created_at)
            values (${`org-${i}`}, 'old', 'school', ${name}, ${`s${i}`}, 0)`.execute(db);
        }
        const fold0005 = await migrateTo(fresh.handle, '0005_organisation_search');
        assert.equal(fold0005.error, undefined);
        assert.deepEqual(fold0005.applied, ['0005_organisation_search']);
        const folded = await sql<{ name_folded: string }>`select name_folded from organisations
          order by id`.execute(db);
        assert.deepEqual(
          folded.rows.map((r) => r.name_folded),
          [
            'гбоу школа № 1535',
            'школа имени артема',
            'қазақ мектебі',
            'гимназия № 3',
            'центр 100% успеха',
            'лицей "радуга" * near(and) : ^',
          ],
        );
        const built0005 = await oldSearch(db, dialect.name);
        assert.ok(built0005.length >= 3, built0005.join(', '));

        const upgrade = await migrateToLatest(fresh.handle);
        assert.equal(upgrade.error, undefined);
        assert.ok(upgrade.applied.includes('0018_organisation_versions'));
        assert.deepEqual(await oldSearch(db, dialect.name), [], 'the database search is gone');

        const directory = schoolDirectory(db, schoolSearchIndex(db));
        const found = async (text: string): Promise<string[]> =>
          (await directory.search('old', { text, regionId: null }, 51)).map((r) => r.name);
        assert.deepEqual(await found('артем'), ['Школа имени Артёма']);
        assert.deepEqual(await found('мектебі'), ['ҚАЗАҚ МЕКТЕБІ']);
        assert.deepEqual(await found('гимназия № 3'), ['Гимназия\u00a0№ 3']);
        assert.deepEqual(await found('"радуга"'), ['Лицей "Радуга" * NEAR(AND) : ^']);
        assert.deepEqual(await found('* near(and) :'), ['Лицей "Радуга" * NEAR(AND) : ^']);
        assert.deepEqual(await found('"'), ['Лицей "Радуга" * NEAR(AND) : ^']);
        assert.deepEqual(await found('AND'), ['Лицей "Радуга" * NEAR(AND) : ^']);
        assert.deepEqual(await found('0%'), ['Центр 100% успеха']);
        assert.deepEqual(await found('№'), ['ГБОУ Школа № 1535', 'Гимназия\u00a0№ 3']);

        // Written after the migration: through the store, found.
        await organisationStore(db, clock).create({
          realmId: 'old',
          kind: 'school',
          name: 'Ёлочка',
          slug: 'yolochka',
        });
        assert.deepEqual(await found('ел'), ['Ёлочка']);
        assert.deepEqual(await found('ЕЛОЧКА'), ['Ёлочка']);

        // Down to before 0005: 0018's down builds the old search again (with the names written
        // since folded), then 0005's takes it away; and up again.
        const names = Object.keys(allMigrations(dialect.name)).sort();
        const justBefore = names[names.indexOf('0018_organisation_versions') - 1] ?? 'none';
        const before0018 = await migrateTo(fresh.handle, justBefore);
        assert.equal(before0018.error, undefined);
        assert.deepEqual(await oldSearch(db, dialect.name), built0005);
        const yolochka = await sql<{ name_folded: string }>`select name_folded from organisations
          where slug = 'yolochka'`.execute(db);
        assert.equal(yolochka.rows[0]?.name_folded, 'елочка');
        const down = await migrateTo(fresh.handle, '0004_invitations');
        assert.equal(down.error, undefined);
        const up = await migrateToLatest(fresh.handle);
        assert.equal(up.error, undefined);
        assert.deepEqual(await found('елочка'), ['Ёлочка']);
        assert.deepEqual(await found('ш'), ['ГБОУ Школа № 1535', 'Школа имени Артёма']);
      } finally {
        await fresh.drop();
      }
    });
  });
}
