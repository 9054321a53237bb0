import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERRORS } from './core/errors/catalogue.js';
import { LOCALES } from './core/i18n/i18n.js';
import { CATALOGUES, isMessageKey, translator } from './messages.js';

test('every key has a non-empty text in ru, en and kk, with the same placeholders', () => {
  const keys = Object.keys(CATALOGUES.ru);
  assert.ok(keys.length > 100);
  const placeholders = (s: string): string =>
    [...s.matchAll(/\{(\w+)\}/g)]
      .map((m) => m[1])
      .sort()
      .join(',');
  for (const locale of LOCALES) {
    const catalogue = CATALOGUES[locale] as Record<string, string>;
    assert.deepEqual(Object.keys(catalogue).sort(), [...keys].sort(), `${locale} has exactly the ru keys`);
    for (const key of keys) {
      const text = catalogue[key];
      assert.ok(typeof text === 'string' && text.trim().length > 0, `${locale}: ${key} is empty`);
      assert.equal(
        placeholders(text),
        placeholders(CATALOGUES.ru[key as keyof typeof CATALOGUES.ru]),
        `${locale}: ${key}`,
      );
    }
  }
});

test('English and Kazakh are translations, not copies of Russian', () => {
  const ru = CATALOGUES.ru as Record<string, string>;
  for (const locale of ['en', 'kk'] as const) {
    const catalogue = CATALOGUES[locale] as Record<string, string>;
    const copied = Object.keys(ru).filter((k) => catalogue[k] === ru[k] && /[а-яё]/i.test(ru[k] ?? ''));
    // Words that are the same in Kazakh: the product name, «Логин», «куратор».
    const allowed =
      locale === 'kk'
        ? [
            'app.name',
            'landing.title',
            'signin.login',
            'profile.login',
            'role.curator',
            'desk.col.login',
            'desk.form.login',
            'registration.login',
          ]
        : [];
    assert.deepEqual(copied.sort(), allowed.sort(), locale);
  }
});

test('every error in the catalogue has a message key', () => {
  for (const [code, { message, status }] of Object.entries(ERRORS)) {
    assert.ok(isMessageKey(message), code);
    assert.ok(status >= 400 && status < 600, code);
  }
});

test('placeholders are filled', () => {
  const t = translator('ru');
  assert.equal(
    t('signin.throttled', { minutes: 15 }),
    'Слишком много неудачных попыток входа. Попробуйте снова через 15 мин.',
  );
  assert.equal(translator('en')('signin.title_dnevnik', { product: 'Дневник.ру' }), 'Sign in to Дневник.ру');
});
