/**
 * The school search's input and matching rules, free of HTTP and SQL so they are tested alone.
 *
 * Rules:
 * - `q` (number or name) is optional. Tabs and line breaks count as spaces, runs of whitespace
 *   collapse to one space, the text is NFC-normalised and trimmed; it is refused when longer than
 *   `QUERY_MAX` characters or when it holds other control characters (NUL above all: PostgreSQL
 *   refuses it in text, which would be a 500) or lone surrogates.
 * - `region` is optional: empty means every region; anything else must be the id of one of the
 *   realm's own regions (checked against the list the page shows, never sent to the database
 *   unchecked), so another realm's region is refused like a made-up one.
 * - A repeated parameter (`q=a&q=b`) is refused rather than guessed at.
 * - Matching is case-insensitive through `fold` (core/text/fold.ts): the school directory
 *   (directory/school-directory.ts) folds the names and the text and tests a plain substring, so
 *   the user's `%`, `_` and `\` are characters like any other; a number is compared exactly
 *   (`numberCandidate`).
 */
import { FOLD_PAIRS, fold } from '../../core/text/fold.js';
import { numberCandidate, type SchoolSearchInput } from '../../directory/school-directory.js';
import type { SchoolsKey } from './messages.js';

/** Longest search text, in characters, after whitespace is collapsed. */
export const QUERY_MAX = 100;

/** Pages list at most this many schools; the store is asked for one more to know there are more. */
export const RESULTS_MAX = 50;

/** With no query, a realm this small is listed whole instead of showing an empty form. */
export const LIST_ALL_MAX = 20;

export { FOLD_PAIRS, fold, numberCandidate };

export type SearchField = 'q' | 'region';

export interface FieldProblem {
  readonly key: SchoolsKey;
  readonly params?: Readonly<Record<string, string | number>>;
}

export type SearchInput = SchoolSearchInput;

export interface ParsedSearch {
  readonly input: SearchInput;
  /** What the form shows back: cleaned, cut to the field's length. */
  readonly shown: { readonly q: string; readonly region: string };
  readonly errors: Readonly<Partial<Record<SearchField, FieldProblem>>>;
}

const CONTROL_OR_LONE_SURROGATE = /[\p{Cc}\p{Cs}]/u;
const CONTROL_OR_LONE_SURROGATE_ALL = /[\p{Cc}\p{Cs}]/gu;

function parseText(value: unknown): { text: string | null; shown: string; problem?: FieldProblem } {
  if (value === undefined) return { text: null, shown: '' };
  if (typeof value !== 'string')
    return { text: null, shown: '', problem: { key: 'schools.error.query_invalid' } };
  // Checked on the raw value first, so a 10 KB text is refused before any work on it.
  if (value.length > QUERY_MAX * 4) {
    return {
      text: null,
      shown: '',
      problem: { key: 'schools.error.query_too_long', params: { max: QUERY_MAX } },
    };
  }
  const spaced = value.replace(/[\t\n\r]/g, ' ');
  if (CONTROL_OR_LONE_SURROGATE.test(spaced)) {
    const shown = spaced.replace(CONTROL_OR_LONE_SURROGATE_ALL, '').slice(0, QUERY_MAX);
    return { text: null, shown, problem: { key: 'schools.error.query_invalid' } };
  }
  const text = spaced.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (text.length > QUERY_MAX) {
    return {
      text: null,
      shown: text.slice(0, QUERY_MAX),
      problem: { key: 'schools.error.query_too_long', params: { max: QUERY_MAX } },
    };
  }
  return { text: text === '' ? null : text, shown: text };
}

function parseRegion(
  value: unknown,
  regionIds: ReadonlySet<string>,
): { regionId: string | null; problem?: FieldProblem } {
  if (value === undefined || value === '') return { regionId: null };
  if (typeof value === 'string' && regionIds.has(value)) return { regionId: value };
  return { regionId: null, problem: { key: 'schools.error.region_unknown' } };
}

/** Reads `?q=&region=` against the realm's region ids. */
export function parseSearch(query: unknown, regionIds: ReadonlySet<string>): ParsedSearch {
  const params = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const q = parseText(params.q);
  const region = parseRegion(params.region, regionIds);
  const errors: Partial<Record<SearchField, FieldProblem>> = {};
  if (q.problem) errors.q = q.problem;
  if (region.problem) errors.region = region.problem;
  return {
    input: { text: q.text, regionId: region.regionId },
    shown: { q: q.shown, region: region.regionId ?? '' },
    errors,
  };
}
