/**
 * The argon2 parameter sets that stored password hashes have, each with a dummy hash made with
 * it, so that a failed sign-in can do the same work whichever set the person's hash has (see
 * passwords.ts for why).
 *
 * - Read from the database (a `StoredParameterSource`) before the first sign-in that needs them;
 *   a set met for the first time at a sign-in (a hash written by an instance with other settings)
 *   joins at once.
 * - Re-checked every RECHECK_MS in the background: a set whose last hash was upgraded is dropped,
 *   and failures cost one verification less from then on.
 */

/** Which parameter sets stored password hashes have, by their PHC prefix. */
export interface StoredParameterSource {
  /** A stored hash that starts with none of `known`, or null when there is none. */
  findOther(known: readonly string[]): Promise<string | null>;
  /** Whether any stored hash still starts with `prefix`. */
  has(prefix: string): Promise<boolean>;
}

export interface ParameterSet {
  readonly prefix: string;
  readonly dummy: string;
}

export interface ParameterSets {
  /** Every set to pay for, the current one included, in a fixed order. */
  all(): Promise<readonly ParameterSet[]>;
  /** Adds the set of a hash met at a sign-in; false when the hash is not one we can read. */
  meet(storedHash: string): Promise<boolean>;
}

const RECHECK_MS = 10 * 60_000;
/** A handful of sets ever exist; a bound keeps a strange table from looping the search. */
const MAX_SEARCHES = 20;

export function parameterSets(options: {
  /** The current set's prefix and its dummy. */
  readonly current: ParameterSet;
  /** The prefix of a readable hash, or null. */
  readonly prefixOf: (storedHash: string) => string | null;
  /** Makes a dummy hash with the parameters of `storedHash` (a readable one). */
  readonly dummyLike: (storedHash: string) => Promise<string>;
  readonly source: StoredParameterSource | null;
  readonly now: () => number;
}): ParameterSets {
  const { current, source, now } = options;
  const sets = new Map<string, string>([[current.prefix, current.dummy]]);
  /** Prefixes of stored values that are not hashes we can read: skipped by the search. */
  const unreadable = new Set<string>();
  let loaded: Promise<void> | null = null;
  let checkedAt = 0;
  let rechecking = false;

  async function meet(storedHash: string): Promise<boolean> {
    const prefix = options.prefixOf(storedHash);
    if (prefix === null) return false;
    if (!sets.has(prefix)) sets.set(prefix, await options.dummyLike(storedHash));
    return true;
  }

  async function discover(): Promise<void> {
    if (!source) return;
    for (let i = 0; i < MAX_SEARCHES; i++) {
      const other = await source.findOther([...sets.keys(), ...unreadable]);
      if (other === null) break;
      if (!(await meet(other))) unreadable.add(other.slice(0, 64));
    }
    checkedAt = now();
  }

  async function recheck(): Promise<void> {
    if (!source || rechecking) return;
    rechecking = true;
    try {
      for (const prefix of [...sets.keys()]) {
        if (prefix !== current.prefix && !(await source.has(prefix))) sets.delete(prefix);
      }
      checkedAt = now();
    } finally {
      rechecking = false;
    }
  }

  return {
    meet,
    async all() {
      if (!loaded) {
        const attempt = discover();
        loaded = attempt;
        // E.g. the people table does not exist yet: look again at the next sign-in.
        attempt.catch(() => {
          if (loaded === attempt) loaded = null;
        });
      }
      await loaded;
      if (now() - checkedAt > RECHECK_MS) void recheck().catch(() => undefined);
      return [...sets.entries()]
        .map(([prefix, dummy]) => ({ prefix, dummy }))
        .sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
    },
  };
}
