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
