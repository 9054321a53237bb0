/**
 * Runs work on rows one piece at a time per row key within this process (database-backoff.ts): a
 * school behind one address signs in many people at once, and their writes to the address's
 * counter would otherwise race each other's versions and read again, round after round. Work on
 * several keys waits for every earlier holder of any of them; it takes its places in all of them
 * at once, so no two pieces can wait for each other. Other instances still race, and lose.
 */
export function oneAtATime() {
  const tails = new Map<string, Promise<void>>();
  return async <T>(keys: readonly string[], work: () => Promise<T>): Promise<T> => {
    let release = (): void => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const unique = [...new Set(keys)];
    const before: Promise<void>[] = [];
    for (const k of unique) {
      const previous = tails.get(k);
      if (previous) before.push(previous);
      tails.set(k, mine);
    }
    try {
      if (before.length > 0) await Promise.all(before);
      return await work();
    } finally {
      release();
      for (const k of unique) if (tails.get(k) === mine) tails.delete(k);
    }
  };
}
