/**
 * The provider's storage on both dialects: the adapter (find, expiry, single use decided by the
 * database, revocation by grant, realms kept apart), the signing keys (sealed, rotated through
 * their states), the client registrations (validated, secrets hashed) and consents.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, type FreshDatabase, freshDatabase } from '../../test/support/databases.js';
import { ManualClock } from '../core/clock.js';
import { sealer } from '../core/crypto/sealed.js';
import { keyedHasher } from '../core/crypto/secrets.js';
import { migrateOrThrow } from '../db/migrate.js';
import { realmStore } from '../realms/realm-store.js';
import { adapterFactory, deleteExpiredPayloads } from './adapter.js';
import { type ClientStore, clientStore } from './client-store.js';
import { ACTIVATION_DELAY_MS, RETIRED_PUBLISHED_MS, signingKeyStore } from './keys.js';
import { oidcLibrary } from './library.js';

const SECRET = 'stores-test-secret-0123456789abcdefghijklmnop';

for (const dialect of DIALECTS) {
  describe(`OpenID Connect stores on ${dialect.name}`, { skip: dialect.skip }, () => {
    let fresh: FreshDatabase;
    let clients: ClientStore;
    const clock = new ManualClock();

    before(async () => {
      fresh = await freshDatabase(dialect.name);
      await migrateOrThrow(fresh.handle);
      const realms = realmStore(fresh.handle.db, clock);
      await realms.create({ id: 'one', name: 'One', preset: 'eljur' });
      await realms.create({ id: 'two', name: 'Two', preset: 'eljur' });
      clients = clientStore(fresh.handle.db, keyedHasher(SECRET), clock);
    });
    after(async () => fresh.drop());

    const adapter = (realm: string, model: string) =>
      adapterFactory(fresh.handle.db, clock, realm, clients)(model);

    test('upsert and find, by id, uid and user code; another realm finds nothing', async () => {
      const sessions = adapter('one', 'Session');
      await sessions.upsert('s1', { jti: 's1', uid: 'u1', accountId: 'p1' }, 60);
      assert.equal((await sessions.find('s1'))?.accountId, 'p1');
      assert.equal((await sessions.findByUid('u1'))?.jti, 's1');
      await sessions.upsert('s1', { jti: 's1', uid: 'u1', accountId: 'p2' }, 60);
      assert.equal((await sessions.find('s1'))?.accountId, 'p2', 'an upsert replaces');
      assert.equal(await adapter('two', 'Session').find('s1'), undefined);
      assert.equal(await adapter('one', 'Interaction').find('s1'), undefined, 'models are apart');
      const device = adapter('one', 'DeviceCode');
      await device.upsert('d1', { jti: 'd1', userCode: 'ABCD-EFGH' }, 60);
      assert.equal((await device.findByUserCode('ABCD-EFGH'))?.jti, 'd1');
    });

    test('an expired row reads as absent and the janitor deletes it', async () => {
      const codes = adapter('one', 'AuthorizationCode');
      await codes.upsert('c-exp', { jti: 'c-exp', grantId: 'g-exp' }, 10);
      clock.advance(10_001);
      assert.equal(await codes.find('c-exp'), undefined);
      const deleted = await deleteExpiredPayloads(fresh.handle.db, clock.now(), 100);
      assert.ok(deleted >= 1);
      const left = await fresh.handle.db
        .selectFrom('oidc_payloads')
        .select('id')
        .where('id', '=', 'c-exp')
        .execute();
      assert.equal(left.length, 0);
    });

    test('consume: once; a second consume is invalid_grant and revokes the grant', async () => {
      const codes = adapter('one', 'AuthorizationCode');
      const tokens = adapter('one', 'AccessToken');
      const grants = adapter('one', 'Grant');
      await grants.upsert('g1', { jti: 'g1', accountId: 'p1', clientId: 'c' }, 600);
      await codes.upsert('c1', { jti: 'c1', grantId: 'g1' }, 60);
      await tokens.upsert('a1', { jti: 'a1', grantId: 'g1' }, 600);
      await codes.consume('c1');
      assert.equal(typeof (await codes.find('c1'))?.consumed, 'number');
      const { errors } = await oidcLibrary();
      await assert.rejects(codes.consume('c1'), (err: unknown) => err instanceof errors.InvalidGrant);
      assert.equal(await tokens.find('a1'), undefined, 'the grant’s tokens are gone');
      assert.equal(await grants.find('g1'), undefined, 'and the grant');
    });

    test('racing consumes: exactly one wins', async () => {
      const codes = adapter('one', 'AuthorizationCode');
      await codes.upsert('race', { jti: 'race', grantId: 'g-race' }, 60);
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => codes.consume('race')));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    });

    test('revokeByGrantId deletes what the grant issued, in its realm only', async () => {
      const tokens = adapter('one', 'RefreshToken');
      const grants = adapter('one', 'Grant');
      const elsewhere = adapter('two', 'RefreshToken');
      await grants.upsert('g2', { jti: 'g2' }, 600);
      await tokens.upsert('r1', { jti: 'r1', grantId: 'g2' }, 600);
      await elsewhere.upsert('r1', { jti: 'r1', grantId: 'g2' }, 600);
      await tokens.revokeByGrantId('g2');
      assert.equal(await tokens.find('r1'), undefined);
      assert.ok(await grants.find('g2'), 'the grant itself stays (oidc-provider decides that)');
      assert.ok(await elsewhere.find('r1'), 'another realm is untouched');
    });

    test('signing keys: one per algorithm, private parts sealed; a rotation goes through the states', async () => {
      const seal = sealer(SECRET, 'oidc-signing-key');
      const keys = signingKeyStore(fresh.handle.db, seal, clock);
      await keys.ensure();
      await keys.ensure();
      const first = await keys.list();
      assert.deepEqual(first.map((k) => k.alg).sort(), ['ES256', 'RS256']);
      assert.ok(first.every((k) => k.state === 'signing'));
      const rows = await fresh.handle.db.selectFrom('oidc_signing_keys').selectAll().execute();
      for (const row of rows) {
        assert.doesNotMatch(row.private_jwk, /"d"/, 'the private part is not in clear');
        assert.doesNotMatch(row.public_jwk, /"d"/);
      }
      const before = await keys.load();
      assert.ok(before.keys.every((k) => typeof k.d === 'string' && k.key_ops === undefined));

      await keys.rotate();
      const pending = await keys.load();
      assert.equal(pending.keys.length, 4);
      assert.notEqual(pending.version, before.version);
      assert.equal(pending.keys.filter((k) => k.key_ops === undefined).length, 2, 'the old keys still sign');
      assert.equal(pending.nextChangeAt, clock.now() + ACTIVATION_DELAY_MS);

      clock.advance(ACTIVATION_DELAY_MS);
      const swapped = await keys.load();
      const signing = swapped.keys.filter((k) => k.key_ops === undefined).map((k) => k.kid);
      const newKids = (await keys.list()).filter((k) => k.state === 'signing').map((k) => k.kid);
      assert.deepEqual(signing.sort(), newKids.sort());
      assert.ok(!signing.some((kid) => first.some((k) => k.kid === kid)), 'the new keys sign');
      assert.equal(swapped.keys.length, 4, 'the old ones are still published');

      clock.advance(RETIRED_PUBLISHED_MS);
      assert.equal((await keys.load()).keys.length, 2, 'then they go');
      assert.equal(await keys.deleteGone(), 2);

      const wrong = signingKeyStore(
        fresh.handle.db,
        sealer('another-secret-0123456789abcdefghijkl', 'oidc-signing-key'),
        clock,
      );
      await assert.rejects(wrong.load(), /cannot be opened: was PROPUSK_SECRET changed/);
    });

    test('client registrations: validated; the secret is shown once and stored as a hash', async () => {
      const bad = await clients.add({
        realmId: 'one',
        name: '',
        redirectUris: ['http://school.example/cb', 'https://a.example/cb#frag', 'not a url'],
        scopes: ['profile', 'admin'],
        authMethod: 'private_key_jwt',
        backchannelLogoutUri: 'ftp://x.example/',
      });
      assert.equal(bad.kind, 'invalid');
      const problems = bad.kind === 'invalid' ? bad.problems.join('\n') : '';
      for (const expected of [
        /--name/,
        /must be https/,
        /fragment/,
        /not an absolute URL/,
        /unknown scope admin/,
        /must include openid/,
        /JSON Web Key Set/,
        /--backchannel-logout-uri/,
      ]) {
        assert.match(problems, expected);
      }
      const privateKeyGiven = await clients.add({
        realmId: 'one',
        name: 'Ключ',
        redirectUris: ['https://k.example/cb'],
        authMethod: 'private_key_jwt',
        jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'secret' }] },
      });
      assert.equal(privateKeyGiven.kind, 'invalid', 'a private key is never accepted');

      const added = await clients.add({
        realmId: 'one',
        name: 'Журнал',
        redirectUris: ['http://127.0.0.1:9/cb'],
      });
      assert.equal(added.kind, 'added');
      if (added.kind !== 'added' || !added.secret) return;
      const row = await fresh.handle.db
        .selectFrom('oidc_clients')
        .selectAll()
        .where('client_id', '=', added.client.clientId)
        .executeTakeFirstOrThrow();
      assert.notEqual(row.secret_hash, added.secret);
      assert.ok(row.secret_hash && clients.matchesSecret(added.secret, row.secret_hash));
      assert.ok(!clients.matchesSecret('wrong', row.secret_hash));
      const metadata = await clients.metadataFor('one', added.client.clientId);
      assert.equal(metadata?.client_secret, row.secret_hash);
      assert.equal(await clients.metadataFor('two', added.client.clientId), null, 'realms are apart');

      const rotated = await clients.rotateSecret('one', added.client.clientId);
      assert.ok(rotated && rotated !== added.secret);
      const after = await clients.metadataFor('one', added.client.clientId);
      assert.ok(!clients.matchesSecret(added.secret, String(after?.client_secret)));
      assert.ok(clients.matchesSecret(rotated, String(after?.client_secret)));
      assert.equal(await clients.remove('one', added.client.clientId), true);
      assert.equal(await clients.find('one', added.client.clientId), null);
    });
  });
}
