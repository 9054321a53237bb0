/**
 * Admin API token refusals, as someone without a token's secret sees them: an unknown token id, a
 * known id with a wrong secret, and the id of an expired or revoked token with a wrong secret get
 * the same 401 and the same body in every language, cost the same work (one keyed comparison
 * whether or not the id was found) and take the same time.
 *
 * The timing comparison uses interleaved rounds, a rank statistic and a threshold from the run's
 * own noise (test/support/timing.ts). Each request comes from its own address, so the per-address
 * budget of failed tokens is never reached.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { API, apiCall, tokenFor } from '../../test/support/admin-api.js';
import { DIALECTS } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { assertIndistinguishable, measureRounds } from '../../test/support/timing.js';
import type { KeyedHasher } from '../core/crypto/secrets.js';
import { newId, newToken } from '../core/crypto/secrets.js';
import { tokenService } from './tokens.js';

const ROUNDS = 120;
const WARMUP = 3;

interface Tokens {
  /** Live, expired and revoked tokens of the realm, with their real secrets. */
  readonly live: string;
  readonly expired: string;
  readonly revoked: string;
}

async function tokensOf(h: Harness): Promise<Tokens> {
  const live = await tokenFor(h, 'dnevnik', { name: 'live' });
  const expired = await tokenFor(h, 'dnevnik', { name: 'expired' });
  const revoked = await tokenFor(h, 'dnevnik', { name: 'revoked' });
  await h.services.db
    .updateTable('api_tokens')
    .set({ expires_at: h.clock.now() - 1 })
    .where('id', '=', expired.id)
    .execute();
  assert.ok(await h.services.apiTokens.revoke('dnevnik', revoked.id, { via: 'cli' }));
  return { live: live.token, expired: expired.token, revoked: revoked.token };
}

/** The same token id with another secret of the right shape. */
const wrongSecret = (token: string): string => `${token.split('.')[0]}.${newToken()}`;
const unknownToken = (): string => `propusk_${newId()}.${newToken()}`;

let address = 0;
function refused(h: Harness, token: string, language = 'ru') {
  address++;
  return apiCall(h, {
    method: 'GET',
    url: `${API}/organisations`,
    token,
    headers: {
      'accept-language': language,
      'x-forwarded-for': `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
    },
  });
}

for (const dialect of DIALECTS) {
  describe(`admin API token refusals on ${dialect.name}`, { skip: dialect.skip }, () => {
    let h: Harness;
    let tokens: Tokens;
    before(async () => {
      h = await startHarness(dialect.name);
      tokens = await tokensOf(h);
    });
    after(async () => {
      await h?.close();
    });

    test('unknown id, wrong secret, and an expired or revoked id with a wrong secret: one 401, one body', async () => {
      for (const language of ['ru', 'en', 'kk']) {
        const answers = [];
        for (const token of [
          unknownToken(),
          wrongSecret(tokens.live),
          wrongSecret(tokens.expired),
          wrongSecret(tokens.revoked),
        ]) {
          const res = await refused(h, token, language);
          answers.push({ status: res.statusCode, body: res.json() as unknown });
        }
        for (const answer of answers.slice(1)) assert.deepEqual(answer, answers[0], language);
        assert.equal(answers[0]?.status, 401);
      }
      // The holder of the real secret is told why: only they can get here.
      assert.equal((await refused(h, tokens.live)).statusCode, 200);
      const expired = await refused(h, tokens.expired, 'en');
      assert.equal(expired.statusCode, 401);
      assert.match(expired.body, /expired/);
      assert.match((await refused(h, tokens.revoked, 'en')).body, /revoked/);
    });

    test('an unknown id costs the same keyed comparison as a known one', async () => {
      let comparisons = 0;
      const keyed: KeyedHasher = {
        hash: (purpose, value) => h.services.keyed.hash(purpose, value),
        matches(purpose, value, stored) {
          if (purpose === 'api-token') comparisons++;
          return h.services.keyed.matches(purpose, value, stored);
        },
      };
      const service = tokenService({ db: h.services.db, keyed, clock: h.clock, audit: h.services.audit });
      const cost = async (token: string) => {
        comparisons = 0;
        const result = await service.authenticate(token);
        assert.equal(result.ok, false);
        return comparisons;
      };
      const known = await cost(wrongSecret(tokens.live));
      assert.equal(known, 1);
      assert.equal(await cost(unknownToken()), known, 'unknown id');
      assert.equal(await cost(wrongSecret(tokens.expired)), known, 'expired id');
      assert.equal(await cost(wrongSecret(tokens.revoked)), known, 'revoked id');
    });
  });
}

describe('admin API token refusals, timing', () => {
  let h: Harness;
  let tokens: Tokens;
  before(async () => {
    h = await startHarness('sqlite');
    tokens = await tokensOf(h);
  });
  after(async () => {
    await h?.close();
  });

  test('unknown id, wrong secret, expired and revoked ids: refused in the same time', async (t) => {
    const refuse = async (token: string) => {
      const res = await refused(h, token);
      assert.equal(res.statusCode, 401);
    };
    const samples = await measureRounds(
      ROUNDS,
      {
        unknown: () => refuse(unknownToken()),
        wrongSecret: () => refuse(wrongSecret(tokens.live)),
        expired: () => refuse(wrongSecret(tokens.expired)),
        revoked: () => refuse(wrongSecret(tokens.revoked)),
      },
      { warmup: WARMUP },
    );
    for (const other of ['wrongSecret', 'expired', 'revoked'] as const) {
      const result = assertIndistinguishable(samples.unknown, samples[other], {
        label: `unknown vs ${other}`,
      });
      t.diagnostic(result.describe());
    }
  });
});
