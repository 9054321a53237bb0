/**
 * The timing comparison itself: it must stay quiet for two kinds that do not differ even when
 * the load swings wildly between rounds, and it must catch kinds that do differ. Synthetic
 * samples from a seeded generator, so these verdicts are the same on every run.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertIndistinguishable, auc, compareTimings, measureRounds } from './timing.js';

function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Log-normal-ish timings around `base` ms, scaled by the load of the round. */
function rounds(
  seed: number,
  n: number,
  costA: number,
  costB: number,
): { a: number[]; b: number[]; load: number[] } {
  const random = generator(seed);
  const a: number[] = [];
  const b: number[] = [];
  const load: number[] = [];
  for (let i = 0; i < n; i++) {
    // Load comes in bursts: quiet stretches, then a few rounds three to ten times slower.
    const burst = Math.floor(i / 15) % 3 === 1 ? 3 + 7 * random() : 1;
    load.push(burst);
    const noise = () => Math.exp((random() - 0.5) * 0.6) * (random() < 0.03 ? 4 : 1);
    a.push(costA * burst * noise());
    b.push(costB * burst * noise());
  }
  return { a, b, load };
}

describe('timing comparison', () => {
  test('auc is P(a > b) with ties counted half', () => {
    assert.equal(auc([2, 3], [1, 1]), 1);
    assert.equal(auc([1, 1], [2, 3]), 0);
    assert.equal(auc([1, 2], [1, 2]), 0.5);
    assert.equal(auc([5], [1, 5, 9]), 0.5);
  });

  test('two kinds that do not differ pass under bursts of load, about alpha of the time at most', () => {
    let alarms = 0;
    const runs = 300;
    for (let seed = 1; seed <= runs; seed++) {
      const { a, b } = rounds(seed, 120, 20, 20);
      if (compareTimings(a, b, { alpha: 0.01, relabellings: 2000 }).distinguishable) alarms++;
    }
    // Expected 3 false alarms in 300 at alpha 0.01; 9 would be a 1-in-1000 event.
    assert.ok(alarms <= 9, `${alarms} false alarms in ${runs}`);
    // The same samples with alpha 0.001: not one alarm expected.
    const { a, b } = rounds(7, 120, 20, 20);
    assertIndistinguishable(a, b, { label: 'same cost' });
  });

  test('a difference of 25% is caught through the same bursts, and large ones always are', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { a, b } = rounds(seed, 120, 25, 20);
      const result = compareTimings(a, b);
      assert.ok(result.distinguishable, result.describe());
      assert.ok(result.auc > 0.5, 'A is the slower one');
    }
    const { a, b } = rounds(3, 60, 39, 124);
    assert.throws(() => assertIndistinguishable(a, b, { label: 'old hash vs dummy' }), /distinguishable/);
  });

  test('the noise threshold follows the run: wider with fewer rounds', () => {
    const small = rounds(11, 20, 20, 20);
    const large = rounds(11, 200, 20, 20);
    const t20 = compareTimings(small.a, small.b).threshold;
    const t200 = compareTimings(large.a, large.b).threshold;
    assert.ok(t20 > t200, `${t20} > ${t200}`);
  });

  test('misuse is refused: unpaired samples, too few rounds', () => {
    assert.throws(() => compareTimings([1, 2, 3], [1, 2]), /rounds of A/);
    assert.throws(() => compareTimings([1, 2, 3], [1, 2, 3]), /too few/);
  });

  test('measureRounds runs every kind once a round, in varying order, after a warm-up', async () => {
    const seen: string[] = [];
    const calls = { a: [] as number[], b: [] as number[] };
    const samples = await measureRounds(
      30,
      {
        a: async (i) => {
          calls.a.push(i);
          seen.push('a');
        },
        b: async (i) => {
          calls.b.push(i);
          seen.push('b');
        },
      },
      { warmup: 2 },
    );
    assert.equal(samples.a.length, 30);
    assert.equal(samples.b.length, 30);
    assert.deepEqual(calls.a, [...Array(32).keys()]);
    const firsts = new Set<string>();
    for (let r = 0; r < 32; r++) firsts.add(seen[2 * r] as string);
    assert.equal(firsts.size, 2, 'both kinds sometimes go first');
  });
});
