/**
 * The dependency rules of the source tree, checked on the files themselves: core depends on no
 * area (only on `db/` for its types), the CLI shares operations with the desk instead of importing
 * its pages, and realm behaviour comes from realm settings, not from the preset's name; and no
 * file of code is longer than 400 lines.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from './core/paths.js';

const SRC = join(projectRoot(), 'src');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** The `src/`-relative paths a file imports (relative imports only). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.{1,2}\/[^']+)'/gms)].map((m) =>
    relative(SRC, resolve(dirname(file), m[1] ?? '')),
  );
}

test('core imports no area: only core itself and the database types', () => {
  const offending = sources(join(SRC, 'core')).flatMap((file) =>
    importsOf(file)
      .filter((target) => !target.startsWith('core/') && !target.startsWith('db/'))
      .map((target) => `${relative(SRC, file)} → ${target}`),
  );
  assert.deepEqual(offending, []);
});

test("the CLI imports no page or flow: it shares the desk's operations in invitations/ and directory/", () => {
  const offending = sources(join(SRC, 'cli')).flatMap((file) =>
    importsOf(file)
      .filter((target) => target.startsWith('pages/') || target.startsWith('flows/'))
      .map((target) => `${relative(SRC, file)} → ${target}`),
  );
  assert.deepEqual(offending, []);
});

test("nothing outside realms/ branches on a preset's name", () => {
  const offending = sources(SRC)
    .filter((file) => !relative(SRC, file).startsWith('realms/'))
    .filter((file) => /\bpreset\s*[!=]==/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(SRC, file));
  assert.deepEqual(offending, []);
});

/**
 * The longest a source, test, benchmark or script file, a browser script or a part of the
 * stylesheet may be: past it, a file is split by topic.
 */
const MAX_LINES = 400;

const CODE = ['.ts', '.mjs', '.js', '.css'];

function codeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...codeFiles(path));
    else if (CODE.some((ext) => name.endsWith(ext))) out.push(path);
  }
  return out;
}

test(`no code file under src, test, bench, scripts or public has more than ${MAX_LINES} lines`, () => {
  const root = projectRoot();
  const files = ['src', 'test', 'bench', 'scripts', 'public'].flatMap((dir) => codeFiles(join(root, dir)));
  for (const known of ['layering.test.ts', 'ncalayer.js', '1-base.css']) {
    assert.ok(
      files.some((file) => file.endsWith(known)),
      `the files are found (${known})`,
    );
  }
  const offending = files
    .map((file) => {
      const text = readFileSync(file, 'utf8');
      // Lines as `wc -l` counts them, and a last one without its newline.
      return { file: relative(root, file), lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) };
    })
    .filter(({ lines }) => lines > MAX_LINES)
    .map(({ file, lines }) => `${file}: ${lines} lines`);
  assert.deepEqual(offending, []);
});
