/**
 * Migration 0019 (one SNILS is one person in a realm, a unique index) on both dialects: over a
 * database that already holds one SNILS twice in a realm it refuses, changes nothing, and says
 * how many and how to list them; once an operator has corrected them it applies, after which the
 * database itself refuses a second holder (but not two people without a SNILS, nor one SNILS in
 * two realms), and lookups by SNILS still use the index.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS, freshDatabase } from '../../test/support/databases.js';
import { snilsOf } from '../../test/support/roster.js';
import { ManualClock } from '../core/clock.js';
import { peopleStore } from '../directory/people-store.js';
import { realmStore } from '../realms/realm-store.js';
import { migrateTo, migrateToLatest } from './migrate.js';
import { MigrationRefused } from './migration-refused.js';
import { DUPLICATE_SNILS_SQL } from './migrations/0019_unique_snils.js';
import { isUniqueViolation, PEOPLE_SNILS } from './unique-violation.js';

for (const dialect of DIALECTS) {
  describe(`migration 0019_unique_snils on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('duplicates: refused with how many and how to list them, nothing changed; then applied', async () => {
      const fresh = await freshDatabase(dialect.name);
      const clock = new ManualClock();
      try {
        assert.equal((await migrateTo(fresh.handle, '0018_organisation_versions')).error, undefined);
        const realms = realmStore(fresh.handle.db, clock);
        await realms.create({ id: 'one', name: 'One', preset: 'dnevnik' });
        await realms.create({ id: 'two', name: 'Two', preset: 'dnevnik' });
        const people = peopleStore(fresh.handle.db, clock);
        const person = (realmId: string, login: string, snils: string | null) =>
          people.create({
            realmId,
            login,
            loginNormalized: login,
            lastName: 'Двойнов',
            firstName: 'Иван',
            snils,
          });
        const [a, b] = [snilsOf(11), snilsOf(12)];
        await person('one', 'a1', a);
        const a2 = await person('one', 'a2', a);
        await person('one', 'b1', b);
        const b2 = await person('one', 'b2', b);
        const b3 = await person('one', 'b3', b);
        await person('two', 'a3', a); // another realm: not a duplicate
        await person('one', 'none1', null);
        await person('one', 'none2', null);

        const refused = await migrateToLatest(fresh.handle);
        assert.ok(refused.error instanceof MigrationRefused, String(refused.error));
        assert.deepEqual(refused.applied, []);
        const message = refused.error.message;
        assert.match(
          message,
          /^0019_unique_snils: 2 SNILS are each held by more than one person in a realm \(5 people\)/,
        );
        assert.match(message, /nothing was changed/);
        assert.ok(message.includes(DUPLICATE_SNILS_SQL.split('\n')[0] as string), message);
        // The SQL it gives lists exactly the people involved, on this dialect.
        const { rows } = await sql
          .raw<{ login: string; snils: string }>(DUPLICATE_SNILS_SQL.replace(/;$/, ''))
          .execute(fresh.handle.db);
        assert.deepEqual(
          rows.map((r) => `${r.login} ${r.snils}`),
          ['a1', 'a2', 'b1', 'b2', 'b3'].map((l) => `${l} ${l.startsWith('a') ? a : b}`),
        );
        assert.equal((await people.findBySnils('one', b)).length, 3, 'no one was deleted or changed');

        // Corrected by an operator: then it applies.
        for (const { id } of [a2, b2, b3])
          await fresh.handle.db.updateTable('people').set({ snils: null }).where('id', '=', id).execute();
        const applied = await migrateToLatest(fresh.handle);
        assert.equal(applied.error, undefined);
        assert.ok(applied.applied.includes('0019_unique_snils'));

        const second = await person('one', 'a4', a).then(
          () => null,
          (err: unknown) => err,
        );
        assert.ok(isUniqueViolation(second, PEOPLE_SNILS), `a second holder is refused: ${String(second)}`);
        await person('two', 'b4', b); // one SNILS in two realms stays allowed
        await person('one', 'none3', null); // and any number of people without one
        if (dialect.name === 'sqlite') {
          const { rows: plan } = await sql
            .raw<{ detail: string }>(
              `explain query plan select * from people where realm_id = 'one' and snils = '${a}'`,
            )
            .execute(fresh.handle.db);
          assert.match(plan.map((p) => p.detail).join(' '), /USING INDEX people_realm_snils/);
        }
        // And down again: the plain index of 0001 is back, duplicates allowed.
        assert.equal((await migrateTo(fresh.handle, '0018_organisation_versions')).error, undefined);
        await person('one', 'a5', a);
      } finally {
        await fresh.drop();
      }
    });
  });
}
