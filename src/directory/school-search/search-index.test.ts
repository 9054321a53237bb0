/**
 * The school search index follows the database, on both dialects: a write made by another
 * instance (its own services and connection to the same database) is found by this instance's
 * next search — created, renamed, renumbered, moved, deleted in SQL — and a change the search
 * does not read leaves the snapshot as it is; searches racing during a rebuild share one build;
 * a failed build is not kept. Then the search over a snapshot alone: `%`, `_`, `\` and FTS5's
 * syntax are plain characters, a text without any gram in the realm finds nothing at once, the
 * number's matches are merged in name order, a region is searched within.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, type FreshDatabase, freshDatabase } from '../../../test/support/databases.js';
import { testConfig } from '../../../test/support/harness.js';
import { ManualClock } from '../../core/clock.js';
import { type DatabaseHandle, openDatabase } from '../../db/connect.js';
import { migrateOrThrow } from '../../db/migrate.js';
import { createServices, type Services } from '../../services.js';
import { schoolDirectory } from '../school-directory.js';
import { buildSnapshot, type SnapshotRow } from './realm-snapshot.js';
import { organisationVersion, schoolSearchIndex } from './search-index.js';
import { findPositions, type SnapshotQuery } from './snapshot-search.js';

for (const dialect of DIALECTS) {
  describe(`the school search index on ${dialect.name}`, { skip: dialect.skip }, () => {
    let fresh: FreshDatabase;
    let second: DatabaseHandle;
    let here: Services;
    let there: Services;
    let north: string;
    let south: string;

    /** The names found, sorted here: the order is the database's collation's (the scale test checks it). */
    const names = async (text: string | null, regionId: string | null = null): Promise<string[]> =>
      (await here.schools.search('obl', { text, regionId }, 51)).map((s) => s.name).sort();

    before(async () => {
      fresh = await freshDatabase(dialect.name);
      await migrateOrThrow(fresh.handle);
      second = await openDatabase(
        fresh.url,
        fresh.handle.schema === undefined ? {} : { schema: fresh.handle.schema },
      );
      const clock = new ManualClock();
      here = await createServices(testConfig(), { clock, handle: fresh.handle });
      there = await createServices(testConfig(), { clock, handle: second });
      await here.realms.create({ id: 'obl', name: 'Область', preset: 'dnevnik' });
      await here.realms.create({ id: 'other', name: 'Другая', preset: 'dnevnik' });
      north = await here.organisations.createRegion('obl', 'n', 'Север');
      south = await here.organisations.createRegion('obl', 's', 'Юг');
      await here.organisations.createMany(
        ['Гимназия № 1', 'Лицей № 2', 'Школа № 3', 'Школа № 4'].map((name, i) => ({
          realmId: 'obl',
          regionId: i % 2 === 0 ? north : south,
          kind: 'school' as const,
          name,
          number: String(i + 1),
          slug: `s${i + 1}`,
        })),
      );
    });
    after(async () => {
      await there?.close();
      await here?.close();
      await second?.close();
      await fresh?.drop();
    });

    test('a write made by another instance is found by the next search', async () => {
      assert.deepEqual(await names('школа'), ['Школа № 3', 'Школа № 4']);
      const made = await there.organisations.create({
        realmId: 'obl',
        regionId: south,
        kind: 'school',
        name: 'Школа «Радуга»',
        number: '77',
        slug: 'raduga',
      });
      assert.deepEqual(await names('школа'), ['Школа № 3', 'Школа № 4', 'Школа «Радуга»'].sort());
      assert.deepEqual(await names('77'), ['Школа «Радуга»']);

      await there.organisations.rename(made.id, 'Академия «Радуга»');
      assert.deepEqual(await names('школа'), ['Школа № 3', 'Школа № 4']);
      assert.deepEqual(await names('радуга'), ['Академия «Радуга»']);

      await there.db
        .updateTable('organisations')
        .set({ number: '78', region_id: north })
        .where('id', '=', made.id)
        .execute();
      assert.deepEqual(await names('77'), []);
      assert.deepEqual(await names('78'), ['Академия «Радуга»']);
      assert.deepEqual(await names('радуга', north), ['Академия «Радуга»']);
      assert.deepEqual(await names('радуга', south), []);

      await there.db.deleteFrom('organisations').where('id', '=', made.id).execute();
      assert.deepEqual(await names('радуга'), []);
      assert.deepEqual(await names(null), ['Гимназия № 1', 'Лицей № 2', 'Школа № 3', 'Школа № 4']);
    });

    test('every write that changes what a search finds gives the realm a new version; others do not', async () => {
      const version = () => organisationVersion(here.db, 'obl');
      const otherVersion = () => organisationVersion(here.db, 'other');
      const org = await here.organisations.findBySlug('obl', 's1');
      assert.ok(org);
      const changes: [string, () => Promise<unknown>][] = [
        ['rename', () => there.organisations.rename(org.id, 'Гимназия № 1 имени Абая')],
        [
          'renumber',
          () =>
            there.db.updateTable('organisations').set({ number: '101' }).where('id', '=', org.id).execute(),
        ],
        [
          'move',
          () =>
            there.db
              .updateTable('organisations')
              .set({ region_id: south })
              .where('id', '=', org.id)
              .execute(),
        ],
        ['region deleted', () => there.db.deleteFrom('regions').where('id', '=', south).execute()],
      ];
      const untouched = await otherVersion();
      for (const [what, change] of changes) {
        const before = await version();
        await change();
        assert.notEqual(await version(), before, what);
      }
      assert.equal(await otherVersion(), untouched, 'another realm keeps its version');
      assert.deepEqual(await names('абая', south), []);
      assert.deepEqual(await names('абая'), ['Гимназия № 1 имени Абая']);

      // Contacts are not searched, and a rename to the same name changes nothing: the version
      // stays, so no instance rebuilds.
      const before = await version();
      await there.db
        .updateTable('organisations')
        .set({ contact_phone: '+79990000000' })
        .where('id', '=', org.id)
        .execute();
      await there.organisations.rename(org.id, 'Гимназия № 1 имени Абая');
      assert.equal(await version(), before);
    });

    test('searches racing during a rebuild share one build; a failed build is not kept', async () => {
      let failing = false;
      const index = schoolSearchIndex(here.db, {
        readRows: async (realmId) => {
          if (failing) throw new Error('the read failed');
          return here.db
            .selectFrom('organisations')
            .select(['id', 'name', 'number', 'region_id'])
            .where('realm_id', '=', realmId)
            .orderBy('name')
            .orderBy('id')
            .execute();
        },
      });
      const directory = schoolDirectory(here.db, index);
      const search = () => directory.search('obl', { text: 'лицей', regionId: null }, 51);
      assert.equal((await search()).length, 1);
      assert.equal(index.builds, 1);

      await there.organisations.create({ realmId: 'obl', kind: 'school', name: 'Лицей № 9', slug: 'l9' });
      const raced = await Promise.all(Array.from({ length: 20 }, search));
      assert.equal(index.builds, 2, 'one build for twenty searches');
      for (const found of raced)
        assert.deepEqual(found.map((s) => s.name).sort(), ['Лицей № 2', 'Лицей № 9']);

      await there.organisations.create({ realmId: 'obl', kind: 'school', name: 'Лицей № 10', slug: 'l10' });
      failing = true;
      const failed = await Promise.allSettled(Array.from({ length: 5 }, search));
      assert.ok(failed.every((r) => r.status === 'rejected'));
      assert.equal(index.builds, 2);
      failing = false;
      assert.deepEqual((await search()).map((s) => s.name).sort(), ['Лицей № 10', 'Лицей № 2', 'Лицей № 9']);
      assert.equal(index.builds, 3);
      assert.equal(index.sizeOf('obl')?.organisations, (await here.organisations.listByRealm('obl')).length);
    });
  });
}

describe('a search over one snapshot', () => {
  const rows: SnapshotRow[] = [
    'Ая',
    'ГБОУ Школа № 12',
    'Лицей "Радуга" * NEAR(AND) : ^',
    'Лицей_7',
    'Школа № 1',
    'Школа № 12',
    'Школа\\Сад',
    'Центр 100% успеха',
  ].map((name, i) => ({
    id: `o${i}`,
    name,
    number: name.match(/\d+/)?.[0] ?? null,
    region_id: i % 2 === 0 ? 'even' : 'odd',
  }));
  const snapshot = buildSnapshot('v1', rows);
  const find = (folded: string | null, more: Partial<SnapshotQuery> = {}): string[] =>
    findPositions(snapshot, { folded, number: null, regionId: null, limit: 51, ...more }).map(
      (p) => rows[p]?.name ?? '?',
    );

  test('%, _, \\ and FTS5 syntax are characters like any other', () => {
    assert.deepEqual(find('%'), ['Центр 100% успеха']);
    assert.deepEqual(find('0% у'), ['Центр 100% успеха']);
    assert.deepEqual(find('_'), ['Лицей_7']);
    assert.deepEqual(find('\\'), ['Школа\\Сад']);
    assert.deepEqual(find('a\\b'), []);
    assert.deepEqual(find('"радуга" * near(and)'), ['Лицей "Радуга" * NEAR(AND) : ^']);
    assert.deepEqual(find('%%%'), [], 'no name has the gram: nothing, without a walk');
    assert.deepEqual(find('%%'), []);
  });

  test('one and two characters, a whole name, a text longer than every name', () => {
    assert.deepEqual(find('я'), ['Ая']);
    assert.deepEqual(find('12'), ['ГБОУ Школа № 12', 'Школа № 12']);
    assert.deepEqual(find('школа № 1'), ['ГБОУ Школа № 12', 'Школа № 1', 'Школа № 12']);
    assert.deepEqual(find('школа № 12 и ещё много слов'), []);
  });

  test('the number is merged in name order, once; the limit and the region hold', () => {
    assert.deepEqual(find('1', { number: '1' }), [
      'ГБОУ Школа № 12',
      'Школа № 1',
      'Школа № 12',
      'Центр 100% успеха',
    ]);
    assert.deepEqual(find('№ 1', { number: '12' }), ['ГБОУ Школа № 12', 'Школа № 1', 'Школа № 12']);
    assert.deepEqual(find('ая', { number: '7' }), ['Ая', 'Лицей_7']);
    assert.deepEqual(find('№ 7', { number: '7' }), ['Лицей_7']);
    assert.deepEqual(find('школа', { limit: 2 }), ['ГБОУ Школа № 12', 'Школа № 1']);
    assert.deepEqual(find('школа', { regionId: 'even' }), ['Школа № 1', 'Школа\\Сад']);
    assert.deepEqual(find('12', { number: '12', regionId: 'odd' }), ['ГБОУ Школа № 12', 'Школа № 12']);
    assert.deepEqual(find(null, { regionId: 'odd', limit: 2 }), ['ГБОУ Школа № 12', 'Лицей_7']);
    assert.deepEqual(find(null, { limit: 3 }), ['Ая', 'ГБОУ Школа № 12', 'Лицей "Радуга" * NEAR(AND) : ^']);
    assert.deepEqual(find('школа', { regionId: 'none' }), []);
  });
});
