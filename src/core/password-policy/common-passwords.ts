/**
 * The list of common passwords (data/common-passwords.txt, ~11,500 lines; its source is in
 * data/README.md). Attackers try these first, so a password on it falls to online guessing
 * whatever the throttling, and the NIST 800-63B advice is to refuse them outright.
 *
 * The file is read once, on first use, into a Set: about 100 KB, a millisecond to load. It is
 * found by walking up from this module to the project root, because the compiled module runs
 * from dist/src/… and the source from src/…, and both must find the same file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DATA_FILE = join('data', 'common-passwords.txt');

let cached: ReadonlySet<string> | undefined;

/** The project root: the nearest directory above this module that holds package.json. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    // A missing list is a broken deployment; accepting every password instead would hide it.
    if (parent === dir) throw new Error('common-passwords: no package.json above the module');
    dir = parent;
  }
}

/** The lower-cased entries of a list file, one per line; blank lines are skipped. */
export function readPasswordList(path: string): ReadonlySet<string> {
  const set = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    if (line !== '') set.add(line.toLowerCase());
  }
  return set;
}

/**
 * The shipped list. Call it once at start-up to fail fast on a missing file; later calls return
 * the same Set.
 */
export function commonPasswords(): ReadonlySet<string> {
  cached ??= readPasswordList(join(projectRoot(), DATA_FILE));
  return cached;
}

/**
 * Whether the password, compared case-insensitively and after NFKC (so that full-width
 * `ｑｗｅｒｔｙ１２３` counts as `qwerty123`), is on the list. Exact match only: stripping
 * digits or punctuation would refuse long passwords for their stem.
 */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.normalize('NFKC').toLowerCase());
}
