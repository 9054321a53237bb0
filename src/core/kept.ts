/**
 * A bounded map of values a pure function of their key gave, kept so that the next request with
 * the same key skips the work: the oldest kept goes first when the bound is reached. What is kept
 * can never go stale as long as the value depends on the key alone (a token's keyed hash, a
 * signed cookie's verified value); callers keep only what a successful check produced, so a
 * stranger's guesses cannot fill it.
 */
export interface Kept<K, V> {
  get(key: K): V | undefined;
  keep(key: K, value: V): void;
  forget(key: K): void;
  readonly size: number;
}

export function kept<K, V>(limit: number): Kept<K, V> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`kept: the limit must be a positive integer`);
  const map = new Map<K, V>();
  return {
    get: (key) => map.get(key),
    keep(key, value) {
      if (map.has(key)) return;
      if (map.size >= limit) {
        const oldest = map.keys().next();
        if (!oldest.done) map.delete(oldest.value);
      }
      map.set(key, value);
    },
    forget(key) {
      map.delete(key);
    },
    get size() {
      return map.size;
    },
  };
}
