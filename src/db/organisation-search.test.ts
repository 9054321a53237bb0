/**
 * The school search index on both dialects, below the page: migration 0005 folds the names an
 * older schema stored and indexes them, and goes down and up again; a name with FTS5's own
 * syntax (quotes, `*`, `:`, `AND`, `NEAR(`) is plain text to the search; the trigrams a long
 * text is looked up by. The search through the page, at 40,000 organisations, is in
 * pages/schools/school-search-scale.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS, freshDatabase } from '../../test/support/databases.js';
import { ManualClock } from '../core/clock.js';
import { organisationStore } from '../directory/organisation-store.js';
import { schoolDirectory } from '../pages/schools/school-directory.js';
import { realmStore } from '../realms/realm-store.js';
import { migrateTo, migrateToLatest } from './migrate.js';
import { ftsQuery, organisationSearch, TRIGRAMS_LOOKED_UP, trigramsOf } from './organisation-search/index.js';

const OLD_NAMES = [
  'ГБОУ Школа № 1535',
  'Школа имени Артёма',
  'ҚАЗАҚ МЕКТЕБІ',
  'Гимназия\u00a0№ 3',
  'Центр 100% успеха',
  'Лицей "Радуга" * NEAR(AND) : ^',
];

for (const dialect of DIALECTS) {
  describe(`the school search index on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('0005 folds and indexes the names an older schema stored; down and up again', async () => {
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
        const upgrade = await migrateToLatest(fresh.handle);
        assert.equal(upgrade.error, undefined);
        assert.ok(upgrade.applied.includes('0005_organisation_search'));

        const folded = await db
          .selectFrom('organisations')
          .select(['name', 'name_folded'])
          .orderBy('id')
          .execute();
        assert.deepEqual(
          folded.map((r) => r.name_folded),
          [
            'гбоу школа № 1535',
            'школа имени артема',
            'қазақ мектебі',
            'гимназия № 3',
            'центр 100% успеха',
            'лицей "радуга" * near(and) : ^',
          ],
        );

        const directory = schoolDirectory(db, organisationSearch(dialect.name));
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

        // Written after the migration: through the store, folded, found.
        await organisationStore(db, clock, organisationSearch(dialect.name)).create({
          realmId: 'old',
          kind: 'school',
          name: 'Ёлочка',
          slug: 'yolochka',
        });
        assert.deepEqual(await found('ел'), ['Ёлочка']);
        assert.deepEqual(await found('ЕЛОЧКА'), ['Ёлочка']);

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

describe('the trigrams a text is looked up by', () => {
  test('side by side, the last one too, without those of spaces and signs alone', () => {
    assert.deepEqual(trigramsOf('школа'), ['шко', 'ола']);
    assert.deepEqual(trigramsOf('шко'), ['шко']);
    assert.deepEqual(trigramsOf('г. перми'), ['г. ', 'пер', 'рми']);
    assert.deepEqual(trigramsOf('сош № 12'), ['сош', ' 12']);
    assert.deepEqual(trigramsOf('%%%'), ['%%%'], 'a text of signs alone keeps its trigrams');
  });

  test('a long text: at most a few, spread from its start to its end', () => {
    const text = 'маоу жалпы білім беретін мектеп № 922 г. норильска';
    const trigrams = trigramsOf(text);
    assert.equal(trigrams.length, TRIGRAMS_LOOKED_UP);
    assert.equal(trigrams[0], 'мао');
    assert.equal(trigrams.at(-1), 'ска');
    for (const t of trigrams) assert.ok(text.includes(t), t);
  });

  test('FTS5 query syntax in the text is quoted away', () => {
    assert.equal(ftsQuery('"ab'), '"""ab"');
    assert.equal(ftsQuery('a*b'), '"a*b"');
    assert.equal(ftsQuery('ш'), '"gd188"');
    assert.equal(ftsQuery('1"'), '"g3122"');
  });
});
