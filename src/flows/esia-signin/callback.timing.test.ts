/**
 * ESIA's callback with a state that is not this browser's: a flow id nobody has, the id of
 * another browser's live flow (copied into a browser bound to a flow of its own), a flow whose
 * ten minutes are over, and a forged state for this browser's live flow. Each is a 400 with its
 * words (the first, second and fourth the same; the expired one says it expired), and a forged
 * state ends the flow it was sent to.
 *
 * Their times are measured (interleaved rounds, test/support/timing.ts). Another browser's live
 * flow is held to cost what an unknown id costs: the flow engine looks a flow up with the
 * browser's binding in the query, so neither is found, and a copied flow id does not tell its
 * holder that the flow is live. The other two are reported, not held, because they differ by
 * design: a forged state ends its flow (a write), and an expired flow's page says so in words.
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

  test("a state not of this browser: one 400 with its words, a forged one ends its flow; another browser's flow costs what an unknown id costs", async (t) => {
    const regions = await new Browser(h.app).get('/r/dnevnik/esia/region');
    const region = /<option value="([^"]+)"/.exec(regions.body)?.[1] as string;
    const count = ROUNDS + WARMUP;
    const unknown: Browser[] = [];
    const forged: Browser[] = [];
    const expired: Browser[] = [];
    const otherBrowser: Browser[] = [];
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
      // Another browser's live flow: its cookie in a browser bound to a flow of its own, as the
      // unknown id's browser is.
      const victim = await started(region);
      const thief = await started(region);
      thief.cookies.set(ESIA_FLOW_COOKIE, victim.cookies.get(ESIA_FLOW_COOKIE) as string);
      otherBrowser.push(thief);
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
        otherBrowser: (i) => callback(otherBrowser[i], /не относится к входу, начатому в этом браузере/),
      },
      { warmup: WARMUP },
    );
    const stranger = assertIndistinguishable(samples.unknown, samples.otherBrowser, {
      label: 'unknown vs otherBrowser',
    });
    t.diagnostic(stranger.describe());
    for (const other of ['expired', 'forged'] as const) {
      t.diagnostic(
        compareTimings(samples.unknown, samples[other], { label: `unknown vs ${other}` }).describe(),
      );
    }
    const ended = await h.services.db
      .selectFrom('flows')
      .select('state')
      .where('id', '=', forged[0]?.cookies.get(ESIA_FLOW_COOKIE) as string)
      .executeTakeFirst();
    assert.notEqual(ended?.state, 'sent', 'a forged state ended the flow it was sent to');
  });
});
