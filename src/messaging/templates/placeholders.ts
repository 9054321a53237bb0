/**
 * `{{name}}` placeholders, shared by the built-in templates and the realm overrides so that both
 * are filled — and validated — by the same rules.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
// What is left after the well-formed placeholders are removed: `{{first name}}`, `{{name}`…
const MALFORMED = /\{\{[^{}]*\}\}|\{\{|\}\}/g;

export type PlaceholderValues = ReadonlyMap<string, string>;

/**
 * Substitutes every placeholder in a single pass, so a value that itself contains `{{link}}` is
 * inserted literally instead of being expanded. `encode` is applied to values only: the caller
 * decides whether the template's own text is markup (an override's html) or not.
 */
export function fillPlaceholders(
  template: string,
  values: PlaceholderValues,
  encode: (value: string) => string,
  where: string,
): string {
  return template.replace(PLACEHOLDER, (_whole: string, name: string) => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`${where}: no value for the placeholder {{${name}}}`);
    return encode(value);
  });
}

export interface PlaceholderScan {
  /** Well-formed placeholder names, each once, in order of appearance. */
  readonly names: readonly string[];
  /** Fragments that look like a placeholder but are not one, such as `{{first name}}`. */
  readonly malformed: readonly string[];
}

export function scanPlaceholders(template: string): PlaceholderScan {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) names.add(match[1] ?? '');
  const rest = template.replace(PLACEHOLDER, ' ');
  const malformed = [...rest.matchAll(MALFORMED)].map((m) => m[0].slice(0, 40));
  return { names: [...names], malformed };
}
