/**
 * The pure parts of «Настройки»: device labels from real User-Agent strings, the UTC time
 * format, and the three message catalogues (same keys, same placeholders, no empty text).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatUtc } from '../../core/clock.js';
import { deviceLabel } from './devices.js';

describe('device labels', () => {
  const cases: [string, string | null][] = [
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'Chrome, Windows',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari, iPhone',
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
      'Chrome, iPad',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Safari, macOS',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87',
      'Edge, Windows',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 YaBrowser/24.6.0.0 Safari/537.36',
      'Yandex Browser, Windows',
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; SM-A525F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.219 YaBrowser/24.6.1.111.00 SA/3 Mobile Safari/537.36',
      'Yandex Browser, Android',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
      'Samsung Internet, Android',
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.179 Mobile Safari/537.36',
      'Chrome, Android',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0',
      'Opera, Windows',
    ],
    ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0', 'Firefox, Linux'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15',
      'Firefox, iPhone',
    ],
    [
      'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'Chrome, ChromeOS',
    ],
    ['Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko', 'Internet Explorer, Windows'],
    ['Dalvik/2.1.0 (Linux; U; Android 12; M2101K6G Build/SKQ1.210908.001)', 'Android'],
    ['curl/8.5.0', null],
    ['TestBrowser/1.0', null],
    ['', null],
  ];
  for (const [ua, label] of cases) {
    test(`${label ?? 'unknown'}: ${ua.slice(0, 60)}`, () => {
      assert.equal(deviceLabel(ua), label);
    });
  }
  test('no user agent at all', () => {
    assert.equal(deviceLabel(null), null);
  });
  test('a huge header is cut before matching', () => {
    assert.equal(deviceLabel(`${'x'.repeat(100_000)} Chrome/1 Windows`), null);
  });
});

describe('UTC times', () => {
  test('dd.mm.yyyy hh:mm UTC', () => {
    assert.equal(formatUtc(Date.parse('2026-09-01T08:05:59Z')), '01.09.2026 08:05 UTC');
    assert.equal(formatUtc(Date.parse('2026-12-31T23:59:00Z')), '31.12.2026 23:59 UTC');
  });
});
