/**
 * Migrations on both dialects: from an empty database, as an upgrade over existing data, down
 * to nothing and up again; the audit log refuses UPDATE and DELETE; the lookups stay indexed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS, freshDatabase } from '../../test/support/databases.js';
import { auditLog } from '../core/audit/audit.js';
import { ManualClock } from '../core/clock.js';
import { peopleStore } from '../directory/people-store.js';
import { realmStore } from '../realms/realm-store.js';
import { allMigrations, migrateTo, migrateToLatest } from './migrate.js';

for (const dialect of DIALECTS) {
  describe(`migrations on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('from empty to latest, then nothing left to apply', async () => {
      const fresh = await freshDatabase(dialect.name);
      try {
        const first = await migrateToLatest(fresh.handle);
        assert.equal(first.error, undefined);
        assert.deepEqual(first.applied, Object.keys(allMigrations(dialect.name)));
        const again = await migrateToLatest(fresh.handle);
        assert.deepEqual(again.applied, []);
      } finally {
        await fresh.drop();
      }
    });

    test('an upgrade keeps the data written under the older schema', async () => {
      const fresh = await freshDatabase(dialect.name);
      const clock = new ManualClock();
      try {
        const step = await migrateTo(fresh.handle, '0001_directory');
        assert.equal(step.error, undefined);
        assert.deepEqual(step.applied, ['0001_directory']);
        await realmStore(fresh.handle.db, clock).create({ id: 'old', name: 'Old', preset: 'eljur' });
        const people = peopleStore(fresh.handle.db, clock);
        const person = await people.create({
          realmId: 'old',
          login: 'Kept',
          loginNormalized: 'kept',
          lastName: 'Иванов',
          firstName: 'Иван',
        });
        const upgrade = await migrateToLatest(fresh.handle);
        assert.equal(upgrade.error, undefined);
        assert.deepEqual(upgrade.applied, Object.keys(allMigrations(dialect.name)).slice(1));
        assert.equal((await people.findByLogin('old', 'kept'))?.id, person.id);
        // The new tables work with the old rows.
        await auditLog(fresh.handle.db, clock).append({
          realmId: 'old',
          action: 'person.created',
          subjectId: person.id,
        });
      } finally {
        await fresh.drop();
      }
    });

    test('down to nothing and up again', async () => {
      const fresh = await freshDatabase(dialect.name);
      try {
        await migrateToLatest(fresh.handle);
        const down = await migrateTo(fresh.handle, 'none');
        assert.equal(down.error, undefined);
        const up = await migrateToLatest(fresh.handle);
        assert.equal(up.error, undefined);
        assert.equal(up.applied.length, Object.keys(allMigrations(dialect.name)).length);
      } finally {
        await fresh.drop();
      }
    });

    test('logins are unique per realm regardless of case; the audit log is append-only', async () => {
      const fresh = await freshDatabase(dialect.name);
      const clock = new ManualClock();
      try {
        await migrateToLatest(fresh.handle);
        const realms = realmStore(fresh.handle.db, clock);
        await realms.create({ id: 'one', name: 'One', preset: 'dnevnik' });
        await realms.create({ id: 'two', name: 'Two', preset: 'dnevnik' });
        const people = peopleStore(fresh.handle.db, clock);
        const base = { lastName: 'Петров', firstName: 'Пётр' };
        await people.create({ realmId: 'one', login: 'Petrov', loginNormalized: 'petrov', ...base });
        await assert.rejects(
          people.create({ realmId: 'one', login: 'PETROV', loginNormalized: 'petrov', ...base }),
        );
        await people.create({ realmId: 'two', login: 'petrov', loginNormalized: 'petrov', ...base });

        const audit = auditLog(fresh.handle.db, clock);
        await audit.append({ realmId: 'one', action: 'signin.failed', detail: { login: 'petrov' } });
        await assert.rejects(
          sql`update audit_events set action = 'x'`.execute(fresh.handle.db),
          /append-only/,
        );
        await assert.rejects(sql`delete from audit_events`.execute(fresh.handle.db), /append-only/);
        assert.equal((await audit.listForRealm('one')).length, 1);
      } finally {
        await fresh.drop();
      }
    });
  });
}
