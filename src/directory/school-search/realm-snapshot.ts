/**
 * One realm's organisations as the public school search reads them, held in memory: built from
 * the realm's rows in the database's own (name, id) order, so a position is a place in that
 * order and every list of positions is already sorted by name.
 *
 * - `names`: each name through `fold` (core/text/fold.ts), the form a search text is compared in.
 * - Postings: for every gram — every character, every pair of neighbouring characters and every
 *   three neighbouring characters (trigram) of a folded name — the ascending positions of the
 *   names that contain it, all in one `Uint32Array` (`postings`) cut by `offsets`. A name that
 *   contains a text contains each of the text's grams, so the shortest of their lists holds
 *   every match. Characters are UTF-16 code units, on the names and on the text alike.
 * - `byNumber`: positions per school number; `byRegion`: positions per region.
 */
import { fold } from '../../core/text/fold.js';
import { EMPTY_HASH, GramTable, longerHash, longerKey } from './gram-table.js';

/** What a snapshot is built from: the realm's organisations in (name, id) order. */
export interface SnapshotRow {
  readonly id: string;
  readonly name: string;
  readonly number: string | null;
  readonly region_id: string | null;
}

export interface RealmSnapshot {
  /** The realm's organisation version the rows were read at; null when none was ever written. */
  readonly version: string | null;
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly regions: readonly (string | null)[];
  /** Gram key → gram number g: its postings are `postings[offsets[g] … offsets[g + 1])`. */
  readonly grams: GramTable;
  readonly offsets: Uint32Array;
  readonly postings: Uint32Array;
  readonly byNumber: ReadonlyMap<string, Uint32Array>;
  readonly byRegion: ReadonlyMap<string, Uint32Array>;
}

/** Grams are one to three characters long. */
export const GRAM_MAX = 3;

/** How many grams (with repeats) a name of `length` code units has. */
function gramCount(length: number): number {
  let count = 0;
  for (let n = 1; n <= GRAM_MAX; n++) count += Math.max(0, length - n + 1);
  return count;
}

function positionsBy(keys: readonly (string | null)[]): Map<string, Uint32Array> {
  const lists = new Map<string, number[]>();
  keys.forEach((key, position) => {
    if (key === null) return;
    const list = lists.get(key);
    if (list) list.push(position);
    else lists.set(key, [position]);
  });
  return new Map([...lists].map(([key, list]) => [key, Uint32Array.from(list)]));
}

/**
 * The postings of `names`. Two passes: the first numbers the grams and counts the names each
 * is in (`seen` keeps a name's repeated gram from counting twice), the second writes the
 * positions into their places.
 */
function buildPostings(names: readonly string[]): Pick<RealmSnapshot, 'grams' | 'offsets' | 'postings'> {
  const grams = new GramTable();
  const total = names.reduce((sum, name) => sum + gramCount(name.length), 0);
  /** The gram number of every gram of every name, in order (repeats included). */
  const sequence = new Uint32Array(total);
  const ends = new Uint32Array(names.length);
  let counts = new Uint32Array(4096);
  let seen = new Int32Array(4096).fill(-1);
  let at = 0;
  for (let position = 0; position < names.length; position++) {
    const name = names[position] ?? '';
    // Each gram of the name, grown a unit at a time: its key and hash.
    for (let i = 0; i < name.length; i++) {
      let key = 0;
      let hash = EMPTY_HASH;
      for (let n = 1; n <= GRAM_MAX && i + n <= name.length; n++) {
        const unit = name.charCodeAt(i + n - 1);
        key = longerKey(key, n, unit);
        hash = longerHash(hash, unit);
        const g = grams.add(key, hash);
        if (g === counts.length) {
          counts = grown(counts, new Uint32Array(g * 2));
          seen = grown(seen, new Int32Array(g * 2).fill(-1));
        }
        sequence[at++] = g;
        if (seen[g] !== position) {
          seen[g] = position;
          counts[g] = (counts[g] ?? 0) + 1;
        }
      }
    }
    ends[position] = at;
  }
  const offsets = new Uint32Array(grams.size + 1);
  for (let g = 0; g < grams.size; g++) offsets[g + 1] = (offsets[g] ?? 0) + (counts[g] ?? 0);
  const postings = new Uint32Array(offsets[grams.size] ?? 0);
  const next = offsets.slice(0, grams.size);
  seen.fill(-1);
  let start = 0;
  for (let position = 0; position < names.length; position++) {
    const end = ends[position] ?? start;
    for (let k = start; k < end; k++) {
      const g = sequence[k] ?? 0;
      if (seen[g] === position) continue;
      seen[g] = position;
      postings[next[g] ?? 0] = position;
      next[g] = (next[g] ?? 0) + 1;
    }
    start = end;
  }
  return { grams, offsets, postings };
}

/** `to` (larger) with `from` copied to its start. */
function grown<T extends Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

export function buildSnapshot(version: string | null, rows: readonly SnapshotRow[]): RealmSnapshot {
  const names = rows.map((r) => fold(r.name));
  return {
    version,
    ids: rows.map((r) => r.id),
    names,
    regions: rows.map((r) => r.region_id),
    ...buildPostings(names),
    byNumber: positionsBy(rows.map((r) => r.number)),
    byRegion: positionsBy(rows.map((r) => r.region_id)),
  };
}

/** What a snapshot holds and about how much memory it takes (strings at two bytes a character). */
export interface SnapshotSize {
  readonly organisations: number;
  readonly grams: number;
  readonly postings: number;
  readonly bytes: number;
}

export function snapshotSize(s: RealmSnapshot): SnapshotSize {
  const STRING = 16;
  const ENTRY = 40;
  const strings = (list: readonly (string | null)[]): number =>
    list.reduce((sum, text) => sum + (text === null ? 0 : STRING + 2 * text.length), 0) + 8 * list.length;
  const lists = (map: ReadonlyMap<string, Uint32Array>): number =>
    [...map].reduce((sum, [key, list]) => sum + ENTRY + STRING + 2 * key.length + 64 + list.byteLength, 0);
  return {
    organisations: s.ids.length,
    grams: s.grams.size,
    postings: s.postings.length,
    bytes:
      strings(s.ids) +
      strings(s.names) +
      8 * s.regions.length +
      s.grams.bytes +
      s.offsets.byteLength +
      s.postings.byteLength +
      lists(s.byNumber) +
      lists(s.byRegion),
  };
}
