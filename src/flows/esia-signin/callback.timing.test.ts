/**
 * ESIA's callback with a state that is not this browser's: no flow at all (an unknown flow id),
 * a flow whose ten minutes are over, and a live flow with a forged state. All three are a 400
 * page; the first two say the same thing as the third would to a stranger («не относится к входу,
 * начатому в этом браузере»), the expired one says it expired.
 *
 * An unknown flow and an expired one must take the same time. A forged state is measured too but
 * not held to it: it ends the flow it was sent to (a write, so that a flow someone is guessing at
 * cannot be finished), and that is slower by design. It is not an oracle: the flow cookie is
 * SameSite=Lax and bound to its browser, so only the browser that started the flow can send a
 * state to it and see the answer's time, and that browser knows already that it has a flow.
 *
 * Interleaved rounds, a rank statistic and a threshold from the run's own noise
 * (test/support/timing.ts). Each round's browsers and their flows are made before the rounds,
 * so a round times only the callback.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simulatorFor } from '../../../test/support/esia.js';
import { Browser, type Harness, startHarness } from '../../../test/support/harness.js';
import { assertIndistinguishable, compareTimings, measureRounds } from '../../../test/support/timing.js';
import { newId } from '../../core/crypto/secrets.js';
import type { RunningSimulator } from '../../esia/sim/start.js';
import { ESIA_FLOW_COOKIE } from './machine.js';

const ROUNDS = 120;
const WARMUP = 3;
const FORGED_STATE = '00000000-0000-4000-8000-000000000000';

describe('ESIA callback timing', () => {
  let h: Harness;
  let sim: RunningSimulator;
  before(async () => {
    h = await startHarness('sqlite');
    sim = await simulatorFor(h);
  });
  after(async () => {
    await sim?.close();
    await h?.close();
  });

  /** A browser that has started a Gosuslugi sign-in (its flow waits for the callback). */
  async function started(region: string): Promise<Browser> {
    const b = new Browser(h.app);
    const start = await b.submit('/r/dnevnik/esia/region', '/r/dnevnik/esia/start', { region });
    assert.ok(start.statusCode < 400, `start: ${start.statusCode}`);
    assert.ok(b.cookies.get(ESIA_FLOW_COOKIE), 'a flow of this browser');
    return b;
  }

  test('an unknown flow and an expired one are refused in the same time; a forged state ends its flow', async (t) => {
    const regions = await new Browser(h.app).get('/r/dnevnik/esia/region');
    const region = /<option value="([^"]+)"/.exec(regions.body)?.[1] as string;
    const count = ROUNDS + WARMUP;
    const unknown: Browser[] = [];
    const forged: Browser[] = [];
    const expired: Browser[] = [];
    for (let i = 0; i < count; i++) {
      // A browser that started a sign-in, then its flow cookie replaced by an id nobody has.
      const stranger = await started(region);
      stranger.cookies.set(ESIA_FLOW_COOKIE, newId());
      unknown.push(stranger);
      forged.push(await started(region));
      const late = await started(region);
      await h.services.db
        .updateTable('flows')
        .set({ expires_at: h.clock.now() - 1 })
        .where('id', '=', late.cookies.get(ESIA_FLOW_COOKIE) as string)
        .execute();
      expired.push(late);
    }
    const callback = async (b: Browser | undefined, expected: RegExp) => {
      assert.ok(b);
      const res = await b.get(`/r/dnevnik/esia/callback?code=abc&state=${FORGED_STATE}`);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, expected);
    };
    const samples = await measureRounds(
      ROUNDS,
      {
        unknown: (i) => callback(unknown[i], /не относится к входу, начатому в этом браузере/),
        forged: (i) => callback(forged[i], /не относится к входу, начатому в этом браузере/),
        expired: (i) => callback(expired[i], /истекло/),
      },
      { warmup: WARMUP },
    );
    const result = assertIndistinguishable(samples.unknown, samples.expired, { label: 'unknown vs expired' });
    t.diagnostic(result.describe());
    t.diagnostic(
      `measured, not asserted: ${compareTimings(samples.unknown, samples.forged, { label: 'unknown vs forged' }).describe()}`,
    );
    const ended = await h.services.db
      .selectFrom('flows')
      .select('state')
      .where('id', '=', forged[0]?.cookies.get(ESIA_FLOW_COOKIE) as string)
      .executeTakeFirst();
    assert.notEqual(ended?.state, 'sent', 'a forged state ended the flow it was sent to');
  });
});
