/**
 * A school search over one realm's snapshot (realm-snapshot.ts): the positions, in name order,
 * of the first `limit` organisations whose folded name contains the folded text or whose number
 * is the text's number, within a region when one is given.
 *
 * - Without a text: the realm's (or the region's) first `limit` positions.
 * - With a text: the shortest list that holds every match is walked in order — the rarest of the
 *   text's grams (its trigrams; one or two characters are a gram themselves), or the region's
 *   positions when they are fewer — keeping the names that contain the whole text. A gram that
 *   no name has (`%%%`, `ъъъ`) ends the text's part at once. The walk stops when the page is
 *   full, so a text in every second name costs as little as a rare one.
 * - The number's positions are merged in, in order, without repeats.
 */
import { gramHash, gramKey } from './gram-table.js';
import { GRAM_MAX, type RealmSnapshot } from './realm-snapshot.js';

export interface SnapshotQuery {
  /** The search text through `fold`, or null to list. */
  readonly folded: string | null;
  /** The text as a school number, compared exactly; null when it cannot be one. */
  readonly number: string | null;
  readonly regionId: string | null;
  readonly limit: number;
}

/** A run of ascending positions. */
interface Run {
  readonly list: ArrayLike<number>;
  readonly start: number;
  readonly end: number;
}

const NONE: Run = { list: [], start: 0, end: 0 };

function whole(list: ArrayLike<number>): Run {
  return { list, start: 0, end: list.length };
}

function length(run: Run): number {
  return run.end - run.start;
}

/** The postings of the text's rarest gram: every name containing the text is in it. */
export function rarestGram(s: RealmSnapshot, folded: string): Run {
  const n = Math.min(GRAM_MAX, folded.length);
  let best: Run | null = null;
  for (let i = 0; i + n <= folded.length; i++) {
    const g = s.grams.get(gramKey(folded, i, n), gramHash(folded, i, n));
    if (g < 0) return NONE;
    const start = s.offsets[g] ?? 0;
    const end = s.offsets[g + 1] ?? start;
    if (best === null || end - start < length(best)) best = { list: s.postings, start, end };
  }
  return best ?? NONE;
}

/** Yields the positions of `run` that pass `keep`, one per call, then -1. */
function cursor(run: Run, keep: (position: number) => boolean): () => number {
  let i = run.start;
  return () => {
    while (i < run.end) {
      const position = run.list[i++] ?? -1;
      if (keep(position)) return position;
    }
    return -1;
  };
}

export function findPositions(s: RealmSnapshot, query: SnapshotQuery): number[] {
  const { folded, number, regionId, limit } = query;
  const region = regionId === null ? null : whole(s.byRegion.get(regionId) ?? []);
  const inRegion = (p: number): boolean => regionId === null || s.regions[p] === regionId;
  if (folded === null) {
    const out: number[] = [];
    const end = Math.min(limit, region ? length(region) : s.ids.length);
    for (let i = 0; i < end; i++) out.push(region ? (region.list[i] ?? 0) : i);
    return out;
  }
  const rare = rarestGram(s, folded);
  const walk = region !== null && length(region) < length(rare) ? region : rare;
  const nextText = cursor(walk, (p) => inRegion(p) && (s.names[p] ?? '').includes(folded));
  const numbered = number === null ? NONE : whole(s.byNumber.get(number) ?? []);
  const nextNumber = cursor(numbered, inRegion);
  const out: number[] = [];
  let t = nextText();
  let k = nextNumber();
  while (out.length < limit && (t >= 0 || k >= 0)) {
    if (k < 0 || (t >= 0 && t < k)) {
      out.push(t);
      t = nextText();
    } else {
      out.push(k);
      if (t === k) t = nextText();
      k = nextNumber();
    }
  }
  return out;
}
