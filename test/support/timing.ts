/**
 * Timing tests that do not flake on a loaded machine.
 *
 * The question a timing test asks is "can an observer tell A from B by how long it takes?". Two
 * things make a naive answer (compare medians against a fixed number of milliseconds) flaky:
 * other work on the machine comes and goes during the run, and the spread of the timings depends
 * on that load. So:
 *
 * 1. **Interleaved rounds** (`measureRounds`): every round measures each kind once, in a random
 *    order, so a burst of load falls on all kinds alike and no kind always runs first.
 * 2. **A rank statistic**: Mann–Whitney's U, given as `auc` = P(a > b) + ½·P(a = b) over all pairs
 *    (0.5 when A and B cannot be told apart, 0 or 1 when every A is faster or slower than every
 *    B). Ranks ignore how far the outliers of a loaded machine fly.
 * 3. **A threshold from the same run**: the noise is measured on the samples themselves. If A and B
 *    did not differ, swapping the two labels inside any round would give an equally likely data
 *    set; each random relabelling is an A/A split of the same population, taken under the same
 *    load. The threshold is the distance from 0.5 that those relabellings reach with probability
 *    `alpha`, so two indistinguishable kinds fail with probability `alpha` however loaded the
 *    machine is, and a real difference stands out against the noise of the very same rounds.
 *
 * `assertIndistinguishable(a, b)` wants paired samples: `a[i]` and `b[i]` from round `i`.
 */
import assert from 'node:assert/strict';

export interface ComparisonOptions {
  /** Names the comparison in the failure message. */
  readonly label?: string;
  /** How often two kinds that do not differ may fail: the false-alarm rate (default 0.001). */
  readonly alpha?: number;
  /** Random relabellings used to measure the noise (default 20 000). */
  readonly relabellings?: number;
  /** Seed of the relabellings, so a failure can be replayed from its samples (default 1). */
  readonly seed?: number;
}

export interface Comparison {
  readonly rounds: number;
  /** Mann–Whitney U / (nA·nB): P(a > b) + ½·P(a = b). */
  readonly auc: number;
  /** |auc − 0.5| that A/A relabellings of the same rounds reach with probability `alpha`. */
  readonly threshold: number;
  /** Share of relabellings at least as far from 0.5 as the real labels. */
  readonly pValue: number;
  readonly medianA: number;
  readonly medianB: number;
  /** A literal A/A split (even rounds of A against odd rounds of A), for the message only. */
  readonly aaSplitAuc: number;
  readonly distinguishable: boolean;
  describe(): string;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Midranks (1-based) of every value in `xs`: ties share the mean of their ranks. */
function midranks(xs: readonly number[]): number[] {
  const order = xs.map((value, index) => ({ value, index })).sort((p, q) => p.value - q.value);
  const ranks = new Array<number>(xs.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.value === order[start]?.value) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[(order[k] as { index: number }).index] = rank;
    start = end + 1;
  }
  return ranks;
}

/** P(a > b) + ½·P(a = b) for independent samples (the Mann–Whitney U, normalised). */
export function auc(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) throw new Error('auc: empty sample');
  const ranks = midranks([...a, ...b]);
  let rankSumA = 0;
  for (let i = 0; i < a.length; i++) rankSumA += ranks[i] as number;
  const u = rankSumA - (a.length * (a.length + 1)) / 2;
  return u / (a.length * b.length);
}

/** mulberry32: a small seeded generator, so the same samples always give the same verdict. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Compares paired samples (`a[i]`, `b[i]` from round i); see the module comment. */
export function compareTimings(
  a: readonly number[],
  b: readonly number[],
  options: ComparisonOptions = {},
): Comparison {
  const n = a.length;
  if (n !== b.length) throw new Error(`compareTimings: ${n} rounds of A but ${b.length} of B`);
  if (n < 10) throw new Error(`compareTimings: ${n} rounds are too few to say anything`);
  const alpha = options.alpha ?? 0.001;
  const relabellings = options.relabellings ?? 20_000;
  if (!(alpha > 0 && alpha < 0.5)) throw new Error('compareTimings: alpha must be in (0, 0.5)');
  if (relabellings * alpha < 10) throw new Error('compareTimings: too few relabellings for this alpha');

  // Ranks of the pooled samples do not change under relabelling: only which of a round's two
  // ranks counts for A does. So each relabelling costs one pass over the rounds.
  const ranks = midranks([...a, ...b]);
  const rankA = ranks.slice(0, n);
  const rankB = ranks.slice(n);
  const offset = (n * (n + 1)) / 2;
  const aucOf = (rankSumA: number): number => (rankSumA - offset) / (n * n);
  let observedSum = 0;
  for (let i = 0; i < n; i++) observedSum += rankA[i] as number;
  const observed = aucOf(observedSum);
  const observedDistance = Math.abs(observed - 0.5);

  const random = seeded(options.seed ?? 1);
  const distances = new Float64Array(relabellings);
  let asFar = 0;
  for (let p = 0; p < relabellings; p++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += random() < 0.5 ? (rankA[i] as number) : (rankB[i] as number);
    const distance = Math.abs(aucOf(sum) - 0.5);
    distances[p] = distance;
    if (distance >= observedDistance - 1e-12) asFar++;
  }
  distances.sort();
  const threshold = distances[
    Math.min(relabellings - 1, Math.ceil((1 - alpha) * relabellings) - 1)
  ] as number;
  const pValue = (asFar + 1) / (relabellings + 1);

  const evenA = a.filter((_, i) => i % 2 === 0);
  const oddA = a.filter((_, i) => i % 2 === 1);
  const result: Comparison = {
    rounds: n,
    auc: observed,
    threshold,
    pValue,
    medianA: median(a),
    medianB: median(b),
    aaSplitAuc: auc(evenA, oddA),
    distinguishable: observedDistance > threshold,
    describe() {
      const label = options.label ? `${options.label}: ` : '';
      return (
        `${label}${n} rounds, medians A ${result.medianA.toFixed(2)} / B ${result.medianB.toFixed(2)}, ` +
        `P(a > b) = ${observed.toFixed(3)} (|${observedDistance.toFixed(3)}| from 0.5), ` +
        `A/A relabellings reach ${threshold.toFixed(3)} at alpha ${alpha} (p = ${pValue.toPrecision(2)}), ` +
        `literal A/A split ${result.aaSplitAuc.toFixed(3)}`
      );
    },
  };
  return result;
}

/** Fails when A and B can be told apart by their timings beyond the run's own noise. */
export function assertIndistinguishable(
  a: readonly number[],
  b: readonly number[],
  options: ComparisonOptions = {},
): Comparison {
  const result = compareTimings(a, b, options);
  assert.ok(!result.distinguishable, `distinguishable by timing — ${result.describe()}`);
  return result;
}

export type Samples<K extends string> = Record<K, number[]>;

/**
 * Measures each kind once per round, in a random order within the round, after `warmup` rounds
 * that are thrown away. Each kind is called with its own running count (0, 1, 2 … warm-up
 * included), so callers can vary logins or addresses. Returns milliseconds per kind, index i =
 * measured round i, ready for `assertIndistinguishable`.
 */
export async function measureRounds<K extends string>(
  rounds: number,
  kinds: Record<K, (call: number) => Promise<unknown>>,
  options: { readonly warmup?: number } = {},
): Promise<Samples<K>> {
  const names = Object.keys(kinds) as K[];
  const samples = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Samples<K>;
  const warmup = options.warmup ?? 3;
  for (let round = -warmup; round < rounds; round++) {
    const order = [...names];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j] as K, order[i] as K];
    }
    for (const kind of order) {
      const started = process.hrtime.bigint();
      await kinds[kind](round + warmup);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (round >= 0) samples[kind].push(ms);
    }
  }
  return samples;
}
