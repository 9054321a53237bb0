/**
 * The Latin forms a Russian or Kazakh name takes inside a password. People write their name in
 * Latin letters the way their passport does (ICAO since 2013: Юлия → iuliia), the way they
 * learnt online (yuliya), or by typing the Cyrillic name with the Latin layout on (Волкова →
 * djkrjdf). The personal-data rule checks all of them, so each table is a whole-word variant
 * rather than a per-letter choice, which would multiply the variants.
 */

// The common informal spelling, what people type in logins and emails.
// biome-ignore format: a table reads better one alphabet row per line
const COMMON: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Kazakh letters, by their nearest Latin letter: the 2021 Kazakh Latin alphabet has ä, ğ, q,
  // but a password field rarely gets them.
  ә: 'a', ғ: 'g', қ: 'k', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i',
};

// Russian passports since 2013 (ICAO Doc 9303 transliteration): the letters
// where it differs from the informal spelling.
const PASSPORT: Readonly<Record<string, string>> = {
  ...COMMON,
  й: 'i',
  ъ: 'ie',
  ю: 'iu',
  я: 'ia',
};

// ЙЦУКЕН key → the QWERTY key in the same place, as two rows of the same keyboard. Letters only:
// digits sit in the same places on both layouts.
const CYRILLIC_KEYS = 'йцукенгшщзхъфывапролджэячсмитьбюё';
const LATIN_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const LATIN_LAYOUT: Readonly<Record<string, string>> = Object.fromEntries(
  [...CYRILLIC_KEYS].map((key, i) => [key, LATIN_KEYS.charAt(i)]),
);

function mapLetters(lower: string, table: Readonly<Record<string, string>>): string {
  let out = '';
  for (const ch of lower) out += table[ch] ?? ch;
  return out;
}

/** Russian/Kazakh → Latin, the informal way (Волкова → volkova, Юлия → yuliya). */
export function transliterate(text: string): string {
  return mapLetters(text.toLowerCase(), COMMON);
}

/**
 * Every lower-case form of `text` to look for in a password: itself, both transliterations and
 * the wrong-layout typing. Equal forms are listed once; a Latin name yields just itself.
 */
export function latinVariants(text: string): string[] {
  const lower = text.toLowerCase();
  return [
    ...new Set([
      lower,
      mapLetters(lower, COMMON),
      mapLetters(lower, PASSPORT),
      mapLetters(lower, LATIN_LAYOUT),
    ]),
  ];
}
