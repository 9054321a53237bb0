/**
 * The session lookup keeps the session ids of tokens that opened a live session (session-lookup.ts):
 * computed once per token, never for a stranger's guesses, and never standing in for the
 * database's answer.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../test/support/databases.js';
import { startHarness, TEST_SECRET } from '../../test/support/harness.js';
import { MINUTE } from '../core/clock.js';
import { type KeyedHasher, keyedHasher } from '../core/crypto/secrets.js';
import { KEPT_IDS, keptIds } from './session-lookup.js';
import { sessionService } from './sessions.js';

/** The service's own hasher, counting the session ids it computes. */
function countingHasher(): KeyedHasher & { readonly calls: () => number } {
  const real = keyedHasher(TEST_SECRET);
  let calls = 0;
  return {
    hash(purpose, value) {
      if (purpose === 'session') calls++;
      return real.hash(purpose, value);
    },
    matches: real.matches,
    calls: () => calls,
  };
}

for (const d of DIALECTS) {
  describe(`session ids kept by the lookup on ${d.name}`, { skip: d.skip }, () => {
    test('one HMAC per token that opened a session; every check still asks the database', async () => {
      const h = await startHarness(d.name);
      try {
        const realm = await h.services.realms.find('dnevnik');
        assert.ok(realm);
        const lifetimes = realm.settings.session;
        const person = await h.services.people.create({
          realmId: 'dnevnik',
          login: `kept.${randomBytes(4).toString('hex')}`,
          loginNormalized: `kept.${randomBytes(4).toString('hex')}`,
          lastName: 'Тестов',
          firstName: 'Тест',
        });
        const input = { realmId: 'dnevnik', personId: person.id, lifetimes, ip: null, userAgent: null };
        const { token } = await h.services.sessions.create({ ...input, method: 'password' });
        const hasher = countingHasher();
        const sessions = sessionService(h.services.db, hasher, h.clock, h.services.handle.direct);

        for (let i = 0; i < 3; i++) assert.ok(await sessions.check('dnevnik', token, lifetimes));
        assert.ok(await sessions.validate('dnevnik', token, lifetimes));
        assert.equal(hasher.calls(), 1, 'the id of a token that opened a session is computed once');

        const stranger = randomBytes(32).toString('base64url');
        for (let i = 0; i < 3; i++) assert.equal(await sessions.check('dnevnik', stranger, lifetimes), null);
        assert.equal(hasher.calls(), 4, 'a token that opens nothing is hashed each time, never kept');
        assert.equal(await sessions.check('recycle', token, lifetimes), null, 'another realm');

        // Ended elsewhere (another instance, an operator): the kept id finds the session gone.
        const { session } = (await h.services.sessions.validate('dnevnik', token, lifetimes)) ?? {};
        assert.ok(session);
        assert.ok(await h.services.sessions.revokeById(person.id, session.id));
        assert.equal(await sessions.check('dnevnik', token, lifetimes), null);

        // Expired: the lookup ends it and forgets the token.
        const second = await h.services.sessions.create({ ...input, method: 'password' });
        assert.ok(await sessions.check('dnevnik', second.token, lifetimes));
        const before = hasher.calls();
        h.clock.advance((lifetimes.idleMinutes + 1) * MINUTE);
        assert.equal(await sessions.check('dnevnik', second.token, lifetimes), null);
        assert.equal(await sessions.check('dnevnik', second.token, lifetimes), null);
        assert.equal(hasher.calls(), before + 1, 'after it expired, the token is hashed again');
      } finally {
        await h.close();
      }
    });
  });
}

test('the kept ids are bounded: the oldest goes first', () => {
  let calls = 0;
  const ids = keptIds((token) => {
    calls++;
    return `id:${token}`;
  });
  for (let i = 0; i <= KEPT_IDS; i++) ids.keep(`t${i}`, `id:t${i}`);
  assert.equal(ids.idOf(`t${KEPT_IDS}`), `id:t${KEPT_IDS}`);
  assert.equal(ids.idOf('t1'), 'id:t1');
  assert.equal(calls, 0, 'the newest and the second oldest are kept');
  assert.equal(ids.idOf('t0'), 'id:t0');
  assert.equal(calls, 1, 'the oldest was let go: computed again');
  ids.forget('t1');
  assert.equal(ids.idOf('t1'), 'id:t1');
  assert.equal(calls, 2, 'a forgotten token is computed again');
});
