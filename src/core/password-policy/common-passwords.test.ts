import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { commonPasswords, isCommonPassword, readPasswordList } from './common-passwords.js';

test('the shipped list is found from the compiled module and loaded once', () => {
  const list = commonPasswords();
  assert.ok(list.size >= 10_000, `only ${list.size} entries`);
  assert.equal(commonPasswords(), list);
});

test('the shipped list is lower-case, one password a line, no blanks', () => {
  for (const pw of commonPasswords()) {
    assert.equal(pw, pw.toLowerCase(), pw);
    assert.ok(pw.length > 0);
    assert.doesNotMatch(pw, /[\s\p{Cc}]/u, pw);
  }
});

test('the shipped list holds the Russian additions', () => {
  for (const pw of [
    'qwerty123',
    '1q2w3e4r',
    'zaq12wsx',
    '123qwe',
    'йцукен',
    'йцукен123',
    'пароль',
    'gfhjkm',
    'ghbdtn',
  ]) {
    assert.equal(isCommonPassword(pw), true, pw);
  }
  assert.equal(isCommonPassword('Пароль'), true);
  assert.equal(isCommonPassword('tqh5mzpw'), false);
});

test('readPasswordList lower-cases and skips blank lines and CRLF endings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'propusk-pw-'));
  try {
    const file = join(dir, 'list.txt');
    writeFileSync(file, 'Qwerty\r\n\r\nпароль\nABC123\n');
    assert.deepEqual([...readPasswordList(file)].sort(), ['abc123', 'qwerty', 'пароль']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
