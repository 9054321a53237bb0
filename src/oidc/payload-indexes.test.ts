/**
 * `oidc_payloads`' partial indexes (migration 0020) on both dialects: a person's grants and an
 * application's removal still find every row they must and none of another application's or
 * realm's; each lookup is served by its index, and a token found by id only by the key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS, type FreshDatabase, freshDatabase } from '../../test/support/databases.js';
import { ManualClock } from '../core/clock.js';
import { keyedHasher } from '../core/crypto/secrets.js';
import { migrateOrThrow } from '../db/migrate.js';
import { realmStore } from '../realms/realm-store.js';
import { adapterFactory, forgetClient, grantsOf } from './adapter.js';
import { clientStore } from './client-store.js';

const SECRET = 'payload-indexes-secret-0123456789abcdefghijk';

for (const dialect of DIALECTS) {
  describe(`oidc_payloads' indexes on ${dialect.name}`, { skip: dialect.skip }, () => {
    let fresh: FreshDatabase;
    const clock = new ManualClock();
    const adapter = (realm: string, model: string) =>
      adapterFactory(
        fresh.handle.db,
        clock,
        realm,
        clientStore(fresh.handle.db, keyedHasher(SECRET), clock),
      )(model);
    const idsOf = async (realm: string) =>
      (
        await fresh.handle.db
          .selectFrom('oidc_payloads')
          .select(['model', 'id'])
          .where('realm_id', '=', realm)
          .orderBy('model')
          .orderBy('id')
          .execute()
      ).map((r) => `${r.model}:${r.id}`);

    before(async () => {
      fresh = await freshDatabase(dialect.name);
      await migrateOrThrow(fresh.handle);
      const realms = realmStore(fresh.handle.db, clock);
      await realms.create({ id: 'one', name: 'One', preset: 'eljur' });
      await realms.create({ id: 'two', name: 'Two', preset: 'eljur' });
      for (const realm of ['one', 'two']) {
        for (const [client, person, grant] of [
          ['journal', 'p1', 'g1'],
          ['journal', 'p2', 'g2'],
          ['library', 'p1', 'g3'],
        ] as const) {
          await adapter(realm, 'Grant').upsert(
            grant,
            { jti: grant, accountId: person, clientId: client },
            600,
          );
          await adapter(realm, 'AuthorizationCode').upsert(
            `${grant}-code`,
            { jti: `${grant}-code`, grantId: grant, accountId: person, clientId: client },
            60,
          );
          await adapter(realm, 'AccessToken').upsert(
            `${grant}-at`,
            { jti: `${grant}-at`, grantId: grant, accountId: person, clientId: client },
            600,
          );
        }
        await adapter(realm, 'ClientCredentials').upsert(
          'cc-journal',
          { jti: 'cc-journal', clientId: 'journal' },
          600,
        );
        await adapter(realm, 'Session').upsert('s1', { jti: 's1', uid: 'u1', accountId: 'p1' }, 600);
      }
    });
    after(async () => fresh.drop());

    test('a person’s grants for an application: grant rows only, of that person, application and realm', async () => {
      assert.deepEqual(await grantsOf(fresh.handle.db, 'one', 'p1', 'journal'), ['g1']);
      assert.deepEqual(await grantsOf(fresh.handle.db, 'one', 'p1', 'library'), ['g3']);
      assert.deepEqual(await grantsOf(fresh.handle.db, 'one', 'p2', 'library'), []);
      assert.deepEqual(await grantsOf(fresh.handle.db, 'one', 'p3', 'journal'), []);
    });

    test('forgetting an application deletes its grants, what they issued and its own tokens; nothing else', async () => {
      const deleted = await forgetClient(fresh.handle.db, 'one', 'journal');
      assert.equal(deleted, 7, 'two grants, their two codes and two tokens, one client-credentials token');
      assert.deepEqual(await idsOf('one'), [
        'AccessToken:g3-at',
        'AuthorizationCode:g3-code',
        'Grant:g3',
        'Session:s1',
      ]);
      assert.equal((await idsOf('two')).length, 11, 'the other realm keeps all of its rows');
      assert.equal(await forgetClient(fresh.handle.db, 'one', 'journal'), 0, 'a second time finds nothing');
    });

    test('each lookup is served by its own index; a token by id only by the key', async () => {
      const db = fresh.handle.db;
      const lookups: [string, string, string[]][] = [
        [
          'oidc_payloads_pk',
          `select payload from oidc_payloads where realm_id = 'one' and model = 'AccessToken' and id = 'g3-at'`,
          [],
        ],
        [
          'oidc_payloads_grant',
          `select id from oidc_payloads where realm_id = 'one' and grant_id = 'g3'`,
          [],
        ],
        ['oidc_payloads_uid', `select id from oidc_payloads where realm_id = 'one' and uid = 'u1'`, []],
        [
          // Either partial index of the rows without a grant serves it (PostgreSQL picks by its statistics).
          'oidc_payloads_(account|client)',
          `select id from oidc_payloads where realm_id = 'one' and account_id = 'p1' and client_id = 'library' and grant_id is null and model = 'Grant'`,
          [],
        ],
        [
          'oidc_payloads_client',
          `select id from oidc_payloads where realm_id = 'one' and client_id = 'library' and grant_id is null`,
          [],
        ],
      ];
      for (const [index, query] of lookups) {
        const plan =
          dialect.name === 'sqlite'
            ? (await sql.raw<{ detail: string }>(`explain query plan ${query}`).execute(db)).rows
                .map((r) => r.detail)
                .join('\n')
            : (
                await db.transaction().execute(async (trx) => {
                  await sql`set local enable_seqscan = off`.execute(trx);
                  return (await sql.raw<{ 'QUERY PLAN': string }>(`explain ${query}`).execute(trx)).rows;
                })
              )
                .map((r) => r['QUERY PLAN'])
                .join('\n');
        const expected =
          dialect.name === 'sqlite' && index === 'oidc_payloads_pk' ? 'sqlite_autoindex' : index;
        assert.match(plan, new RegExp(expected), `${query}\n${plan}`);
      }
      // No partial index compares a column with a constant: SQLite would check each bound
      // `model = ?` against it and prepare the statement again at every call.
      const definitions =
        dialect.name === 'sqlite'
          ? (
              await sql<{
                def: string | null;
              }>`select sql as def from sqlite_master where type = 'index' and tbl_name = 'oidc_payloads'`.execute(
                db,
              )
            ).rows.map((r) => r.def ?? '')
          : (
              await sql<{
                def: string;
              }>`select indexdef as def from pg_indexes where tablename = 'oidc_payloads' and schemaname = current_schema()`.execute(
                db,
              )
            ).rows.map((r) => r.def);
      const partial = definitions.filter((d) => /\bwhere\b/i.test(d));
      assert.equal(partial.length, 5, definitions.join('\n'));
      for (const d of partial) {
        const condition = d.slice(d.search(/\bwhere\b/i));
        assert.doesNotMatch(condition, /'|=/, `a partial index compares with a constant: ${d}`);
      }
    });
  });
}
