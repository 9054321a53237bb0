/**
 * The case fold of names people search for: Latin and Cyrillic capitals to small letters, the
 * Kazakh letters too, «ё» to «е», a no-break space to a space. SQLite's `lower()` and `LIKE` fold
 * ASCII only, so the school search folds in JS: the names when it builds a realm's index
 * (directory/school-search/) and the search text, through this one `fold`.
 */

const KAZAKH_PAIRS: readonly (readonly [string, string])[] = [
  ['Ә', 'ә'],
  ['Ғ', 'ғ'],
  ['Қ', 'қ'],
  ['Ң', 'ң'],
  ['Ө', 'ө'],
  ['Ұ', 'ұ'],
  ['Ү', 'ү'],
  ['Һ', 'һ'],
  ['І', 'і'],
];

function buildFoldPairs(): readonly (readonly [string, string])[] {
  const pairs: (readonly [string, string])[] = [];
  for (let c = 0x41; c <= 0x5a; c++) pairs.push([String.fromCharCode(c), String.fromCharCode(c + 0x20)]);
  // А…Я → а…я: the basic Cyrillic capitals sit exactly 0x20 below their small letters.
  for (let c = 0x410; c <= 0x42f; c++) pairs.push([String.fromCharCode(c), String.fromCharCode(c + 0x20)]);
  // People type «е» for «ё» (Фёдоров, Артём); names are written either way.
  pairs.push(['Ё', 'е'], ['ё', 'е']);
  pairs.push(...KAZAKH_PAIRS);
  // «№ 1399» is often typed or imported with a no-break space.
  pairs.push(['\u00a0', ' ']);
  return pairs;
}

/**
 * Every replacement the fold makes. No output is an input of another pair, so the order does
 * not change the result.
 */
export const FOLD_PAIRS: readonly (readonly [string, string])[] = buildFoldPairs();

/** UTF-16 code unit → its fold (every pair is one code unit to one code unit). */
const FOLD_TABLE: Uint16Array = (() => {
  const table = new Uint16Array(0x10000);
  for (let unit = 0; unit < table.length; unit++) table[unit] = unit;
  for (const [from, to] of FOLD_PAIRS) {
    if (from.length !== 1 || to.length !== 1) throw new Error(`fold pair ${from} → ${to} is not one unit`);
    table[from.charCodeAt(0)] = to.charCodeAt(0);
  }
  return table;
})();

/** Code units per `String.fromCharCode` call: far below the engine's argument limit. */
const CHUNK = 4096;

/**
 * The text with every pair of `FOLD_PAIRS` replaced; every other character stays as it is
 * (a code unit at a time, through a table: a realm's index folds 40,000 names at once).
 */
export function fold(text: string): string {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = FOLD_TABLE[text.charCodeAt(i)] ?? 0;
  let out = '';
  for (let i = 0; i < units.length; i += CHUNK) {
    // `apply` takes the typed array as it is; spreading it would iterate it.
    out += String.fromCharCode.apply(null, units.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return out;
}
