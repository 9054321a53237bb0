/**
 * Gram key → gram number, for a realm's index: an open-addressing hash table over typed arrays.
 * Building an index looks a gram up for every character of every name (millions for a large
 * realm), and keys above 2^31 make a `Map` allocate a number per lookup; here nothing is
 * allocated per lookup.
 *
 * A gram key (`gramKey`) is its length, then its UTF-16 code units, in base 65536: exact in a
 * double (below 2^50), never 0 (0 marks a free slot). Its hash is computed from the same code
 * units (`gramHash`); the builder grows both a unit at a time.
 */

const UNIT = 65536;

const MIX = 0x9e3779b1;
const SEED = 0x27d4eb2f;

/**
 * A gram of `length` code units of `text` from `start`, as one number. It grows a code unit at
 * a time: the key of a gram one unit longer is `(key + UNIT ** length) * UNIT + unit`.
 */
export function gramKey(text: string, start: number, length: number): number {
  let key = 0;
  for (let n = 1; n <= length; n++) key = longerKey(key, n, text.charCodeAt(start + n - 1));
  return key;
}

/** The key of the gram `key` (of `length - 1` units) with `unit` after it. */
export function longerKey(key: number, length: number, unit: number): number {
  return (key + UNIT ** (length - 1)) * UNIT + unit;
}

/** The same gram's hash, grown the same way (cheaper than hashing the key, a double). */
export function gramHash(text: string, start: number, length: number): number {
  let hash = SEED;
  for (let i = start; i < start + length; i++) hash = longerHash(hash, text.charCodeAt(i));
  return hash;
}

export function longerHash(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, MIX);
}

/** The hash of no unit yet: where `longerHash` starts. */
export const EMPTY_HASH = SEED;

function slotOf(hash: number, mask: number): number {
  return (hash ^ (hash >>> 15)) & mask;
}

export class GramTable {
  private keys: Float64Array;
  private hashes: Int32Array;
  private numbers: Int32Array;
  private mask: number;
  /** Grams held; they are numbered 0 … size - 1 in the order they were added. */
  size = 0;

  constructor(capacity = 4096) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.keys = new Float64Array(slots);
    this.hashes = new Int32Array(slots);
    this.numbers = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The gram's number, or -1 when no name has it. */
  get(key: number, hash: number): number {
    for (let slot = slotOf(hash, this.mask); ; slot = (slot + 1) & this.mask) {
      const held = this.keys[slot];
      if (held === key) return this.numbers[slot] ?? -1;
      if (held === 0) return -1;
    }
  }

  /** The gram's number, adding it with the next number when new. */
  add(key: number, hash: number): number {
    for (let slot = slotOf(hash, this.mask); ; slot = (slot + 1) & this.mask) {
      const held = this.keys[slot];
      if (held === key) return this.numbers[slot] ?? -1;
      if (held === 0) {
        const number = this.size++;
        this.keys[slot] = key;
        this.hashes[slot] = hash;
        this.numbers[slot] = number;
        if (this.size * 2 > this.keys.length) this.grow();
        return number;
      }
    }
  }

  /** Bytes of the two arrays. */
  get bytes(): number {
    return this.keys.byteLength + this.hashes.byteLength + this.numbers.byteLength;
  }

  private grow(): void {
    const { keys, hashes, numbers } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.hashes = new Int32Array(keys.length * 2);
    this.numbers = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    keys.forEach((key, slot) => {
      if (key === 0) return;
      const hash = hashes[slot] ?? 0;
      let to = slotOf(hash, this.mask);
      while (this.keys[to] !== 0) to = (to + 1) & this.mask;
      this.keys[to] = key;
      this.hashes[to] = hash;
      this.numbers[to] = numbers[slot] ?? -1;
    });
  }
}
