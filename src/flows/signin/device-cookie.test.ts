/** Known-device cookies: whose entry is whose, how many a browser keeps, when they stop counting. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyedHasher } from '../../core/crypto/secrets.js';
import { knownDevices } from './device-cookie.js';

const devices = knownDevices(keyedHasher('a-secret-of-at-least-thirty-two-characters'));
const NOW = Date.parse('2026-09-01T08:00:00Z');
const claim = (personId: string, over: { realmId?: string; now?: number } = {}) => ({
  realmId: over.realmId ?? 'dnevnik',
  personId,
  now: over.now ?? NOW,
  days: 365,
});

test('a family computer: each person has an entry, a new sign-in replaces that person’s own', () => {
  let cookie: string | null = null;
  for (const person of ['mother', 'son', 'daughter']) cookie = devices.afterSignin(cookie, claim(person));
  const ids = ['mother', 'son', 'daughter'].map((p) => devices.deviceOf(cookie, claim(p)));
  assert.ok(ids.every((id) => id !== null));
  assert.equal(new Set(ids).size, 3, 'a budget each');
  assert.equal(devices.deviceOf(cookie, claim('stranger')), null);
  const again = devices.afterSignin(cookie, claim('son'));
  assert.equal(again.split('~').length, 3, 'replaced, not added');
  assert.notEqual(devices.deviceOf(again, claim('son')), ids[1], 'a fresh id');
  assert.equal(devices.deviceOf(again, claim('mother')), ids[0], 'the others kept');
});

test('at most five entries, newest first', () => {
  let cookie: string | null = null;
  for (let i = 0; i < 7; i++) cookie = devices.afterSignin(cookie, claim(`p${i}`));
  assert.equal(cookie?.split('~').length, 5);
  assert.equal(devices.deviceOf(cookie, claim('p0')), null, 'the oldest fell out');
  assert.ok(devices.deviceOf(cookie, claim('p6')));
  assert.ok((cookie?.length ?? 0) < 1024);
});

test('only for its realm, its person and its year', () => {
  const cookie = devices.afterSignin(null, claim('ivan'));
  assert.equal(devices.deviceOf(cookie, claim('ivan', { realmId: 'eljur' })), null);
  assert.ok(devices.deviceOf(cookie, claim('ivan', { now: NOW + 364 * 86_400_000 })));
  assert.equal(devices.deviceOf(cookie, claim('ivan', { now: NOW + 366 * 86_400_000 })), null);
  assert.equal(
    devices.deviceOf(cookie, claim('ivan', { now: NOW - 2 * 86_400_000 })),
    null,
    'not yet issued',
  );
});

test('anything else is no device and no error', () => {
  const real = devices.afterSignin(null, claim('ivan'));
  const [id, day, mac] = real.split('.');
  for (const cookie of [
    null,
    '',
    '~',
    'x'.repeat(5000),
    `${real}~${'y'.repeat(1100)}`,
    `${id}.${day}.${(mac ?? '').replace(/^./, (c) => (c === '0' ? '1' : '0'))}`,
    `${id}.${Number(day) + 1}.${mac}`,
    `${id}.${day}`,
    'не.cookie.вовсе',
  ]) {
    assert.equal(devices.deviceOf(cookie, claim('ivan')), null, String(cookie).slice(0, 30));
    assert.doesNotThrow(() => devices.afterSignin(cookie, claim('ivan')));
  }
});
