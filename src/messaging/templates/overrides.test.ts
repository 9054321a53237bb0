import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES } from '../../core/i18n/i18n.js';
import { EMAIL_TEMPLATE_NAMES, SMS_TEMPLATE_NAMES } from './names.js';
import { MAX_OVERRIDE_LENGTH, templateOverridesSchema } from './overrides.js';

function errors(value: unknown): string[] {
  const result = templateOverridesSchema.safeParse(value);
  assert.equal(result.success, false, 'expected the overrides to be rejected');
  return result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
}

test('valid overrides pass unchanged, including partial ones and context placeholders', () => {
  const overrides = {
    ru: {
      password_reset_link: { subject: '{{productName}}: новый пароль' },
      login_and_reset_link: {
        text: 'Здравствуйте, {{ name }}!\nЛогин: {{login}}\n\n{{link}}\n\n{{expiresHours}} ч. {{supportHint}}',
        html: '<p>{{name}}: <a href="{{link}}">{{login}}</a></p>',
      },
      recovery_code: { text: '{{code}} — код {{productName}}, {{expiresMinutes}} мин.' },
    },
    kk: { email_changed: { subject: '{{newEmailMasked}} {{when}}' } },
  };
  assert.deepEqual(templateOverridesSchema.parse(overrides), overrides);
  assert.deepEqual(templateOverridesSchema.parse({}), {});
});

test('every locale and template name is accepted', () => {
  for (const locale of LOCALES) {
    for (const name of EMAIL_TEMPLATE_NAMES) {
      assert.ok(templateOverridesSchema.safeParse({ [locale]: { [name]: { subject: 'S' } } }).success, name);
    }
    for (const name of SMS_TEMPLATE_NAMES) {
      assert.ok(
        templateOverridesSchema.safeParse({ [locale]: { [name]: { text: '{{code}}' } } }).success,
        name,
      );
    }
  }
});

test('an unknown placeholder is rejected with a message naming the template and the placeholder', () => {
  const [message, ...rest] = errors({
    ru: { login_reminder: { text: 'Ваш логин {{login}}, ссылка {{link}}' } },
  });
  assert.deepEqual(rest, []);
  assert.match(message ?? '', /^ru\.login_reminder\.text: /);
  assert.match(message ?? '', /template "login_reminder"/);
  assert.match(message ?? '', /unknown placeholder \{\{link\}\}/);
  assert.match(
    message ?? '',
    /provides \{\{name\}\}, \{\{login\}\}, \{\{productName\}\}, \{\{supportHint\}\}/,
  );

  const sms = errors({ kk: { recovery_code: { text: '{{code}} {{name}}' } } });
  assert.equal(sms.length, 1);
  assert.match(sms[0] ?? '', /template "recovery_code" \(kk, text\): unknown placeholder \{\{name\}\}/);
});

test('malformed placeholders are rejected rather than sent to people as braces', () => {
  for (const text of ['{{first name}}', 'Hi {{name}', 'Hi name}}', '{{na-me}}']) {
    const found = errors({ en: { email_code: { text } } });
    assert.equal(found.length, 1, text);
    assert.match(found[0] ?? '', /malformed placeholder/, text);
  }
});

test('unknown locales, template names and parts are rejected with the known ones listed', () => {
  assert.match(errors({ de: {} }).join('\n'), /unknown locale "de"; known: ru, en, kk/);
  assert.match(errors({ ru: { password_reset: {} } }).join('\n'), /unknown template "password_reset"/);
  assert.match(
    errors({ ru: { recovery_code: { subject: 'x' } } }).join('\n'),
    /ru\.recovery_code: unknown part of SMS "recovery_code" "subject"; known: text/,
  );
  assert.match(errors({ en: { new_code: { body: 'x' } } }).join('\n'), /known: subject, text, html/);
});

test('parts are non-empty strings of at most 10,000 characters; subjects are one line', () => {
  assert.equal(MAX_OVERRIDE_LENGTH, 10_000);
  assert.ok(templateOverridesSchema.safeParse({ ru: { new_code: { html: 'x'.repeat(10_000) } } }).success);
  assert.match(errors({ ru: { new_code: { html: 'x'.repeat(10_001) } } }).join(), /at most 10000 characters/);
  assert.match(errors({ ru: { new_code: { text: '  ' } } }).join(), /must not be empty/);
  assert.match(errors({ ru: { new_code: { subject: 'a\nb' } } }).join(), /single line/);
  assert.equal(templateOverridesSchema.safeParse({ ru: { new_code: { text: 42 } } }).success, false);
  assert.equal(templateOverridesSchema.safeParse({ ru: null }).success, false);
  assert.equal(templateOverridesSchema.safeParse('ru').success, false);
});
