/**
 * A region's directory of schools, generated: names as they are written in Russia and
 * Kazakhstan (legal form first, so names that sort together share their start), numbers, towns
 * with «ё», Kazakh letters, no-break spaces, quotes and the odd `%` or `_`. Deterministic for a
 * seed, so a failing test or a benchmark run can be repeated. The school search test and
 * `npm run bench` both use it.
 */
import type { NewOrganisationInput } from '../../src/directory/organisation-store.js';
import { seeded } from './timing.js';

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

const FORMS = ['МБОУ', 'МАОУ', 'ГБОУ', 'МКОУ', 'ГБОУ РО', 'КГУ', 'ГУ', 'ЧОУ'] as const;
const KINDS = [
  'СОШ',
  'Школа',
  'Гимназия',
  'Лицей',
  'ООШ',
  'НОШ',
  'Центр образования',
  'Общеобразовательная школа',
  'Мектеп-гимназия',
  'Жалпы білім беретін мектеп',
] as const;
const PLACES = [
  'г. Перми',
  'г. Казани',
  'г. Уфы',
  'г. Омска',
  'г. Орла',
  'с. Берёзовка',
  'п. Ёлкино',
  'г. Королёв',
  'Алматы қаласы',
  'Қарағанды облысы',
  'г. Өскемен',
  'с. Ақсу',
  'г. Тюмени',
  'г. Кургана',
  'г. Якутска',
  'г. Норильска',
  'г. Сочи',
  'ст. Каневская',
  'пгт Яя',
  'д. Ивановка',
] as const;
const HONOURS = [
  'имени А. С. Пушкина',
  'им. Героя Советского Союза И. Н. Кожедуба',
  'с углублённым изучением английского языка',
  '«Радуга»',
  '"Эврика"',
  'Абай атындағы',
] as const;

export interface GeneratedDirectory {
  readonly organisations: readonly NewOrganisationInput[];
  /** Words and fragments found in many names, in few, and in none: a search mix. */
  readonly places: readonly string[];
}

/**
 * `count` organisations of one realm spread over `regionIds`. Slugs are `<prefix><index>`.
 * About one name in two hundred is unusual: very short, with `%` or `_`, or with a no-break
 * space after «№».
 */
export function generateSchools(
  realmId: string,
  regionIds: readonly string[],
  count: number,
  options: { readonly seed?: number; readonly slugPrefix?: string } = {},
): GeneratedDirectory {
  const next = seeded(options.seed ?? 1);
  const organisations: NewOrganisationInput[] = [];
  for (let i = 0; i < count; i++) {
    const number = String(1 + Math.floor(next() * 3000));
    const space = next() < 0.05 ? '\u00a0' : ' ';
    let name = `${pick(next, FORMS)} ${pick(next, KINDS)} №${space}${number} ${pick(next, PLACES)}`;
    if (next() < 0.15) name = `${name} ${pick(next, HONOURS)}`;
    const odd = next();
    if (odd < 0.001) name = pick(next, ['Ая', 'Я', 'Ёж', 'Ақ']);
    else if (odd < 0.003) name = `Центр 100% успеха № ${number}`;
    else if (odd < 0.005) name = `Лицей_${number}`;
    organisations.push({
      realmId,
      regionId: regionIds.length === 0 || next() < 0.02 ? null : pick(next, regionIds),
      kind: 'school',
      name,
      number: next() < 0.9 ? number : null,
      slug: `${options.slugPrefix ?? 's'}${i}`,
    });
  }
  return { organisations, places: PLACES };
}

export type SearchKind =
  | 'number'
  | 'number with №'
  | 'place'
  | 'whole name'
  | 'common word'
  | 'one or two characters'
  | 'nothing found'
  | 'word in a region';

export interface SearchCase {
  readonly kind: SearchKind;
  readonly text: string;
  readonly regionId: string | null;
}

const COMMON_WORDS = ['школа', 'СОШ', 'мбоу', 'Гимназия', 'лицей', 'мектеп', 'г. ', 'ОБРАЗОВАНИЯ'] as const;
const SHORT_TEXTS = ['7', '12', 'ш', 'Ё', 'қ', '%', '_', 'ъ', 'яя', '№'] as const;
const NOTHING = ['ъъъ', 'zzz', 'школа № 99999', 'пушкина лицей', '%%%'] as const;

/** `perKind` searches of every kind, as people type them (mixed case, «ё», «№»), over `schools`. */
export function searchMix(
  schools: readonly NewOrganisationInput[],
  regionIds: readonly string[],
  perKind: number,
  seed = 7,
): SearchCase[] {
  const next = seeded(seed);
  const cases: SearchCase[] = [];
  const school = (): NewOrganisationInput => pick(next, schools);
  const anyCase = (text: string): string => (next() < 0.5 ? text.toUpperCase() : text.toLowerCase());
  for (let i = 0; i < perKind; i++) {
    const s = school();
    const number = s.number ?? String(1 + Math.floor(next() * 3000));
    const place = pick(next, PLACES);
    cases.push(
      { kind: 'number', text: number, regionId: null },
      { kind: 'number with №', text: `№ ${number}`, regionId: null },
      {
        kind: 'place',
        text: anyCase(place.replace(/^\S+ /, '').replace('ё', next() < 0.5 ? 'ё' : 'е')),
        regionId: null,
      },
      { kind: 'whole name', text: anyCase(s.name.replaceAll('\u00a0', ' ')), regionId: null },
      { kind: 'common word', text: pick(next, COMMON_WORDS), regionId: null },
      { kind: 'one or two characters', text: pick(next, SHORT_TEXTS), regionId: null },
      { kind: 'nothing found', text: pick(next, NOTHING), regionId: null },
      { kind: 'word in a region', text: pick(next, COMMON_WORDS), regionId: pick(next, regionIds) },
    );
  }
  return cases;
}
