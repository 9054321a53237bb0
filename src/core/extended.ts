/**
 * `{ ...base, ...extra }` made in a way that is cheap on every runtime the service supports.
 *
 * On Node 20 (V8 11.3), once the code is optimised, an object literal that spreads an object and
 * then adds properties the object does not have — `{ ...base, key: value }`, or a spread copy
 * given a new property afterwards — gets a new hidden class at every evaluation: 0.6–2.5 µs each
 * instead of 0.1, and a map left in the old generation for a full collection to find. (Setting a
 * property the object already has, as `{ ...query, parameters }` does, costs nothing more.) The
 * profile page did it twice per request and promoted about 110 KB of such maps between two
 * scavenges; the session check (/whoami), which did not, promoted nothing. Node 24 has no such
 * cost. `Object.assign` onto a fresh object costs about 0.1 µs on both, and so does a literal
 * written field by field. Code that runs on every request uses one of the two.
 */
export function extended<A extends object, B extends object>(base: A, extra: B): Extended<A, B>;
export function extended(base: object, extra: object): object {
  // `Object.assign` sets what a spread defines: an own `__proto__` key (JSON.parse makes one)
  // would set the copy's prototype. Such objects keep the spread's meaning, at its cost.
  if (Object.hasOwn(base, '__proto__') || Object.hasOwn(extra, '__proto__')) return { ...base, ...extra };
  return Object.assign({}, base, extra);
}

/** `{ ...A, ...B }`'s type, member by member when `A` is a union. */
export type Extended<A, B> = (A extends unknown ? Omit<A, keyof B> : never) & B;
