import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { formCheckbox, formText, parseForm } from './form.js';

const Schema = z.object({
  login: formText(20).min(1, { error: 'signin.login_required' }),
  note: formText(5),
  agree: formCheckbox(),
});

test('a well-formed body gives the typed form; missing fields are empty; others are ignored', () => {
  const parsed = parseForm(Schema, { login: 'ivanov', agree: 'on', extra: 'x' });
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.form, { login: 'ivanov', note: '', agree: true });
  assert.deepEqual(parsed.raw, { login: 'ivanov', note: '', agree: 'on' });
});

test('each field gets its own first message key', () => {
  const parsed = parseForm(Schema, { login: '', note: 'x'.repeat(6) });
  assert.equal(parsed.ok, false);
  if (!parsed.ok) assert.deepEqual(parsed.errors, { login: 'signin.login_required', note: 'form.too_long' });
});

test('a repeated field is refused, a non-object body reads as empty, echoes are bounded', () => {
  const repeated = parseForm(Schema, { login: ['a', 'b'] });
  assert.equal(repeated.ok, false);
  if (!repeated.ok) assert.equal(repeated.errors.login, 'form.repeated');
  const empty = parseForm(Schema, 'login=x');
  assert.equal(empty.ok, false);
  const long = parseForm(Schema, { login: 'я'.repeat(10_000) });
  assert.equal(long.raw.login.length, 300);
});
