/**
 * The case fold of names people search for: Latin and Cyrillic capitals to small letters, the
 * Kazakh letters too, «ё» to «е», a no-break space to a space. SQLite's `lower()` and `LIKE` fold
 * ASCII only, so names are stored folded (`organisations.name_folded`, written by the
 * organisation store) and the search text goes through the same `fold`: both sides change the
 * same characters in both dialects.
 *
 * Changing `FOLD_PAIRS` changes what is stored: it needs a migration that folds the stored
 * names again (0005 is the one that folded them first).
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

const FOLD_MAP: ReadonlyMap<string, string> = new Map(FOLD_PAIRS);

/** The text with every pair of `FOLD_PAIRS` replaced; every other character stays as it is. */
export function fold(text: string): string {
  let out = '';
  for (const ch of text) out += FOLD_MAP.get(ch) ?? ch;
  return out;
}
