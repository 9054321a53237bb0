/** Realm settings that decide behaviour instead of the preset's name: the phone country. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PRESETS, resolveSettings } from './presets.js';

describe('realm phone country', () => {
  test('dnevnik and eljur read numbers as Russian, recycle as Kazakh', () => {
    assert.equal(PRESETS.dnevnik.phoneCountry, 'RU');
    assert.equal(PRESETS.eljur.phoneCountry, 'RU');
    assert.equal(PRESETS.recycle.phoneCountry, 'KZ');
  });

  test('a realm may override it with another known country, and nothing else', () => {
    const kz = resolveSettings('eljur', { phoneCountry: 'KZ' });
    assert.ok(kz.ok);
    if (kz.ok) assert.equal(kz.settings.phoneCountry, 'KZ');
    for (const bad of ['US', 'ru', '', null, 7]) {
      const result = resolveSettings('eljur', { phoneCountry: bad });
      assert.equal(result.ok, false, String(bad));
      if (!result.ok)
        assert.ok(
          result.errors.some((e) => e.startsWith('phoneCountry:')),
          result.errors.join(),
        );
    }
  });
});

describe('realm organisations and registration by code', () => {
  test('recycle lists companies; only eljur registers by invitation code', () => {
    assert.equal(PRESETS.recycle.organisations, 'companies');
    assert.equal(PRESETS.dnevnik.organisations, 'schools');
    assert.deepEqual(
      (['dnevnik', 'eljur', 'recycle'] as const).filter((p) => PRESETS[p].registrationByCode),
      ['eljur'],
    );
  });

  test('overrides are validated like every setting', () => {
    assert.equal(resolveSettings('eljur', { organisations: 'factories' }).ok, false);
    assert.equal(resolveSettings('dnevnik', { registrationByCode: 'yes' }).ok, false);
    const on = resolveSettings('dnevnik', { registrationByCode: true });
    assert.ok(on.ok && on.settings.registrationByCode);
  });
});

describe('realm sign-in throttling', () => {
  test('the presets: ten free failures per login (five on recycle), delays up to 15 minutes', () => {
    assert.equal(PRESETS.dnevnik.throttle.login.free, 10);
    assert.equal(PRESETS.recycle.throttle.login.free, 5);
    assert.equal(PRESETS.eljur.throttle.login.maxDelaySeconds, 900);
    assert.equal(PRESETS.dnevnik.throttle.address.free, 200);
  });

  test('one number may be overridden; the rest stays the preset’s', () => {
    const result = resolveSettings('dnevnik', { throttle: { address: { free: 500 } } });
    assert.ok(result.ok, result.ok ? '' : result.errors.join());
    if (!result.ok) return;
    assert.equal(result.settings.throttle.address.free, 500);
    assert.equal(result.settings.throttle.address.maxDelaySeconds, 60);
    assert.equal(result.settings.throttle.login.free, 10);
  });

  test('nonsense is refused with the path of the setting', () => {
    const cases: [unknown, string][] = [
      [{ login: { free: 0 } }, 'throttle.login.free'],
      [{ login: { free: 1000 } }, 'throttle.login.free'],
      [{ device: { firstDelaySeconds: 60, maxDelaySeconds: 10 } }, 'throttle.device'],
      [{ address: { forgetSeconds: -1 } }, 'throttle.address.forgetSeconds'],
      [{ loginAndAddress: { free: 2.5 } }, 'throttle.loginAndAddress.free'],
      [{ deviceDays: 0 }, 'throttle.deviceDays'],
      [{ login: { free: '10' } }, 'throttle.login.free'],
      // The settings before growing delays: an old override must be noticed, not ignored.
      [{ accountFailures: 5 }, 'throttle'],
    ];
    for (const [throttle, path] of cases) {
      const result = resolveSettings('dnevnik', { throttle });
      assert.equal(result.ok, false, JSON.stringify(throttle));
      if (!result.ok)
        assert.ok(
          result.errors.some((e) => e.startsWith(`${path}`)),
          result.errors.join(),
        );
    }
  });
});
