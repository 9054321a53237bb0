import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES, type Locale } from '../../core/i18n/i18n.js';
import type { Block } from './names.js';
import { scanPlaceholders } from './placeholders.js';
import {
  BUILTIN_TEMPLATES,
  CONTEXT_PLACEHOLDERS,
  EMAIL_TEMPLATE_NAMES,
  EMAIL_TEMPLATE_PARAMS,
  type EmailTemplateName,
  renderEmail,
  renderSms,
  SMS_TEMPLATE_NAMES,
  SMS_TEMPLATE_PARAMS,
  type TemplateContext,
  type TemplateParams,
} from './render.js';

const dnevnik: TemplateContext = { productName: 'Дневник.ру' };

// Distinct, markup-free values, so "contains the param" means the same in text and in HTML.
const SAMPLE: Readonly<Record<string, string | number>> = {
  name: 'Мария Ивановна',
  link: 'https://dnevnik.ru/recover/7f3a9c',
  expiresHours: 24,
  login: 'm.ivanova2011',
  when: '12.03.2025 14:05 (МСК)',
  ip: '203.0.113.42',
  newEmailMasked: 'm***@mail.ru',
  code: '482915',
  expiresMinutes: 15,
};

function paramsFor(names: readonly string[]): TemplateParams {
  return Object.fromEntries(names.map((n) => [n, SAMPLE[n] ?? `value-of-${n}`]));
}

const blockStrings = (block: Block): string[] =>
  typeof block === 'string'
    ? [block]
    : block.kind === 'strong'
      ? [block.text]
      : block.kind === 'link'
        ? [block.label, '{{link}}']
        : ['{{code}}'];

test('there is a template list for every name and the names are the expected ones', () => {
  assert.deepEqual([...EMAIL_TEMPLATE_NAMES].sort(), [
    'email_changed',
    'email_code',
    'email_confirmation',
    'login_and_reset_link',
    'login_reminder',
    'new_code',
    'password_changed',
    'password_reset_link',
    'second_factor_reset',
  ]);
  assert.deepEqual([...SMS_TEMPLATE_NAMES].sort(), ['phone_confirmation_code', 'recovery_code']);
});

test('every template name has text in ru, en and kk, and Kazakh is not a copy of Russian', () => {
  for (const locale of LOCALES) {
    const catalogue = BUILTIN_TEMPLATES[locale];
    for (const name of EMAIL_TEMPLATE_NAMES) {
      const email = catalogue.email[name];
      assert.ok(email.subject.trim().length > 0, `${locale} ${name} subject`);
      assert.ok(email.body.length >= 3, `${locale} ${name} body`);
      for (const block of email.body) {
        for (const s of blockStrings(block)) assert.ok(s.trim().length > 0, `${locale} ${name}`);
      }
    }
    for (const name of SMS_TEMPLATE_NAMES)
      assert.ok(catalogue.sms[name].trim().length > 0, `${locale} ${name}`);
    for (const s of [catalogue.signature, catalogue.automatic, catalogue.linkFallback]) assert.ok(s.trim());
  }
  for (const name of EMAIL_TEMPLATE_NAMES) {
    assert.notEqual(BUILTIN_TEMPLATES.kk.email[name].subject, BUILTIN_TEMPLATES.ru.email[name].subject, name);
  }
  for (const name of SMS_TEMPLATE_NAMES) {
    assert.notEqual(BUILTIN_TEMPLATES.kk.sms[name], BUILTIN_TEMPLATES.ru.sms[name], name);
  }
});

test('built-in templates use only the placeholders they provide, and every param in every locale', () => {
  for (const locale of LOCALES) {
    const catalogue = BUILTIN_TEMPLATES[locale];
    for (const name of EMAIL_TEMPLATE_NAMES) {
      const email = catalogue.email[name];
      const strings = [email.subject, ...email.body.flatMap(blockStrings)];
      const used = new Set(strings.flatMap((s) => scanPlaceholders(s).names));
      for (const s of strings) assert.deepEqual(scanPlaceholders(s).malformed, [], `${locale} ${name}`);
      const available = new Set<string>([...EMAIL_TEMPLATE_PARAMS[name], ...CONTEXT_PLACEHOLDERS]);
      for (const p of used) assert.ok(available.has(p), `${locale} ${name} uses {{${p}}}`);
      for (const p of EMAIL_TEMPLATE_PARAMS[name]) assert.ok(used.has(p), `${locale} ${name} lacks {{${p}}}`);
      assert.ok(used.has('productName'), `${locale} ${name} names the product`);
    }
    for (const name of SMS_TEMPLATE_NAMES) {
      const { names, malformed } = scanPlaceholders(catalogue.sms[name]);
      assert.deepEqual(malformed, []);
      assert.deepEqual(
        new Set(names),
        new Set([...SMS_TEMPLATE_PARAMS[name], 'productName']),
        `${locale} ${name}`,
      );
    }
  }
});

test('every email renders in every locale with all its params in the text and the HTML', () => {
  for (const locale of LOCALES) {
    for (const name of EMAIL_TEMPLATE_NAMES) {
      const params = paramsFor(EMAIL_TEMPLATE_PARAMS[name]);
      const mail = renderEmail(name, locale, params, dnevnik);
      const label = `${locale} ${name}`;
      for (const value of Object.values(params)) {
        assert.ok(mail.text.includes(String(value)), `${label}: text lacks ${value}`);
        assert.ok(mail.html.includes(String(value)), `${label}: html lacks ${value}`);
      }
      assert.ok(mail.subject.includes('Дневник.ру'), label);
      assert.ok(mail.text.includes('Дневник.ру'), label);
      assert.ok(!/[\r\n<>]/.test(mail.subject), `${label}: subject is one line of plain text`);
      assert.ok(mail.html.startsWith(`<!doctype html>\n<html lang="${locale}">`), label);
      assert.match(mail.html, /<body style="[^"]+">/);
      assert.ok(mail.html.trimEnd().endsWith('</body>\n</html>'), label);
      assert.doesNotMatch(mail.html, /<script|<img|<table|<style|<link|\bsrc=|\{\{|\}\}/i, label);
      assert.doesNotMatch(mail.text, /\{\{|\}\}|<\/?[a-z]/i, label);
      assert.ok(mail.text.endsWith('\n'), label);
    }
  }
});

test('every SMS renders in every locale with its params, starting with the code', () => {
  for (const locale of LOCALES) {
    for (const name of SMS_TEMPLATE_NAMES) {
      const sms = renderSms(name, locale, paramsFor(SMS_TEMPLATE_PARAMS[name]), dnevnik);
      assert.ok(sms.startsWith('482915'), `${locale} ${name}: ${sms}`);
      assert.ok(sms.includes('15'), sms);
      assert.ok(sms.includes('Дневник.ру'), sms);
    }
  }
});

test('SMS stay within two Cyrillic segments, and Russian within one for Дневник.ру', () => {
  const longName: TemplateContext = { productName: 'Образовательный порт' };
  assert.equal(longName.productName.length, 20);
  for (const locale of LOCALES) {
    for (const name of SMS_TEMPLATE_NAMES) {
      for (const expiresMinutes of [5, 15, 30]) {
        const sms = renderSms(name, locale, { code: '123456', expiresMinutes }, longName);
        assert.ok(sms.length <= 134, `${locale} ${name} is ${sms.length} chars: ${sms}`);
      }
    }
  }
  for (const name of SMS_TEMPLATE_NAMES) {
    for (const expiresMinutes of [5, 15, 30]) {
      const sms = renderSms(name, 'ru', { code: '123456', expiresMinutes }, dnevnik);
      assert.ok(sms.length <= 70, `${name} is ${sms.length} chars: ${sms}`);
    }
  }
  assert.equal(
    renderSms('phone_confirmation_code', 'ru', { code: '1234', expiresMinutes: 10 }, dnevnik),
    '1234 — код подтверждения телефона в Дневник.ру. Действует 10 мин.',
  );
});

test('the HTML escapes a hostile name and a link with " and &, and makes the link a real anchor', () => {
  const name = '<script>alert(1)</script>';
  const link = 'https://dnevnik.ru/recover?t=a"b&c=1';
  for (const locale of LOCALES) {
    const mail = renderEmail('password_reset_link', locale, { name, link, expiresHours: 2 }, dnevnik);
    assert.ok(!mail.html.includes('<script'), locale);
    assert.ok(mail.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), locale);
    assert.ok(mail.html.includes('href="https://dnevnik.ru/recover?t=a&quot;b&amp;c=1"'), locale);
    assert.ok(!mail.html.includes('a"b'), locale);
    // The text part is not HTML: values go in as they are.
    assert.ok(mail.text.includes(name), locale);
    assert.ok(mail.text.split('\n').includes(link), locale);
  }
});

test('the text part has the link on a line of its own, between blank lines', () => {
  const withLink: readonly EmailTemplateName[] = EMAIL_TEMPLATE_NAMES.filter((n) =>
    EMAIL_TEMPLATE_PARAMS[n].includes('link'),
  );
  assert.deepEqual([...withLink].sort(), [
    'email_confirmation',
    'login_and_reset_link',
    'password_reset_link',
  ]);
  for (const locale of LOCALES) {
    for (const name of withLink) {
      const params = paramsFor(EMAIL_TEMPLATE_PARAMS[name]);
      const { text, html } = renderEmail(name, locale, params, dnevnik);
      const lines = text.split('\n');
      const at = lines.indexOf(String(params.link));
      assert.ok(at > 0, `${locale} ${name}`);
      assert.equal(lines[at - 1], '', `${locale} ${name}`);
      assert.equal(lines[at + 1], '', `${locale} ${name}`);
      assert.equal(html.split(`href="${params.link}"`).length - 1, 2, 'a button and the bare address');
    }
  }
});

test('the ElJur letter carries the login and the link; password-changed says the other sessions ended', () => {
  const params = paramsFor(EMAIL_TEMPLATE_PARAMS.login_and_reset_link);
  const eljur = renderEmail('login_and_reset_link', 'ru', params, { productName: 'ЭлЖур' });
  assert.ok(eljur.text.includes('Ваш логин: m.ivanova2011'));
  assert.ok(eljur.text.includes('Ссылка действительна 24 ч.'));
  assert.ok(eljur.text.startsWith('Здравствуйте, Мария Ивановна!\n'));
  const changed = renderEmail(
    'password_changed',
    'ru',
    paramsFor(EMAIL_TEMPLATE_PARAMS.password_changed),
    dnevnik,
  );
  assert.match(changed.text, /остальные сеансы завершены/);
  assert.match(changed.text, /администратору вашей образовательной организации/);
  assert.match(
    renderEmail('password_changed', 'en', paramsFor(EMAIL_TEMPLATE_PARAMS.password_changed), dnevnik).text,
    /contact your school administrator/,
  );
});

test('the support hint closes the letter when the realm has one', () => {
  const params = paramsFor(EMAIL_TEMPLATE_PARAMS.email_code);
  const hint = 'Служба поддержки: help@dnevnik.ru & 8 800 000-00-00';
  const mail = renderEmail('email_code', 'ru', params, { productName: 'Дневник.ру', supportHint: hint });
  assert.ok(mail.text.includes(`\n\n${hint}\n\n`));
  assert.ok(mail.html.includes('help@dnevnik.ru &amp; 8 800'));
  const without = renderEmail('email_code', 'ru', params, dnevnik);
  assert.ok(!without.text.includes('\n\n\n'), 'no empty paragraph for a missing hint');
});

test('a value that looks like a placeholder is inserted literally', () => {
  const params = { ...paramsFor(EMAIL_TEMPLATE_PARAMS.email_confirmation), name: '{{link}}' };
  const mail = renderEmail('email_confirmation', 'en', params, dnevnik);
  assert.ok(mail.text.startsWith('Hello {{link}},\n'));
});

test('the subject stays one line whatever the name contains', () => {
  const params = { ...paramsFor(EMAIL_TEMPLATE_PARAMS.email_confirmation), name: 'Иван\r\nBcc: x@evil' };
  const mail = renderEmail('email_confirmation', 'ru', params, { productName: 'A\r\nB' });
  assert.equal(mail.subject, 'Подтверждение адреса электронной почты — A B');
});

test('a missing, empty-typed or non-finite param throws, and so does a link that is not http(s)', () => {
  const full = paramsFor(EMAIL_TEMPLATE_PARAMS.login_and_reset_link);
  const { login: _login, ...noLogin } = full;
  assert.throws(() => renderEmail('login_and_reset_link', 'ru', noLogin, dnevnik), /missing param "login"/);
  assert.throws(
    () => renderEmail('login_and_reset_link', 'ru', { ...full, expiresHours: Number.NaN }, dnevnik),
    /missing param "expiresHours"/,
  );
  assert.throws(
    () => renderSms('recovery_code', 'kk', { expiresMinutes: 5 }, dnevnik),
    /missing param "code"/,
  );
  assert.throws(
    () => renderEmail('login_and_reset_link', 'ru', { ...full, link: 'javascript:alert(1)' }, dnevnik),
    /http\(s\) URL/,
  );
  // An inherited property is not a param.
  const inherited = Object.create({ code: '1' }) as TemplateParams;
  assert.throws(() => renderSms('recovery_code', 'ru', inherited, dnevnik), /missing param/);
});

test('extra params are ignored', () => {
  const sms = renderSms('recovery_code', 'en', { code: '777111', expiresMinutes: 10, link: 'x' }, dnevnik);
  assert.ok(sms.startsWith('777111 is your Дневник.ру password recovery code.'));
});

test('an override replaces just the subject; the rest stays built-in', () => {
  const params = paramsFor(EMAIL_TEMPLATE_PARAMS.password_reset_link);
  const builtin = renderEmail('password_reset_link', 'ru', params, dnevnik);
  const overridden = renderEmail('password_reset_link', 'ru', params, dnevnik, {
    ru: { password_reset_link: { subject: '{{productName}}: новый пароль для {{name}}' } },
  });
  assert.equal(overridden.subject, 'Дневник.ру: новый пароль для Мария Ивановна');
  assert.equal(overridden.text, builtin.text);
  assert.equal(
    overridden.html.replace(/<title>.*<\/title>/, ''),
    builtin.html.replace(/<title>.*<\/title>/, ''),
  );
  // Other locales and other templates are untouched.
  const other: Locale = 'kk';
  const kk = renderEmail('password_reset_link', other, params, dnevnik, {
    ru: { password_reset_link: { subject: 'x' } },
  });
  assert.equal(kk.subject, renderEmail('password_reset_link', other, params, dnevnik).subject);
});

test('an override html escapes values like the built-ins; text and SMS overrides substitute as is', () => {
  const params = { ...paramsFor(EMAIL_TEMPLATE_PARAMS.email_code), name: '<b>Ann & "Bob"</b>' };
  const mail = renderEmail('email_code', 'en', params, dnevnik, {
    en: {
      email_code: {
        html: '<!doctype html><html lang="en"><body><p title="{{name}}">Hi {{name}}, code <b>{{code}}</b></p></body></html>',
        text: 'Hi {{name}}, code {{code}}',
      },
      recovery_code: { text: 'Code {{code}} ({{productName}})' },
    },
  });
  assert.equal(
    mail.html,
    '<!doctype html><html lang="en"><body><p title="&lt;b&gt;Ann &amp; &quot;Bob&quot;&lt;/b&gt;">Hi &lt;b&gt;Ann &amp; &quot;Bob&quot;&lt;/b&gt;, code <b>482915</b></p></body></html>',
  );
  assert.equal(mail.text, 'Hi <b>Ann & "Bob"</b>, code 482915');
  assert.equal(
    renderSms('recovery_code', 'en', { code: '1', expiresMinutes: 5 }, dnevnik, {
      en: { recovery_code: { text: 'Code {{code}} ({{productName}})' } },
    }),
    'Code 1 (Дневник.ру)',
  );
});

test('an override with a placeholder it cannot fill throws at render time too', () => {
  const params = paramsFor(EMAIL_TEMPLATE_PARAMS.login_reminder);
  assert.throws(
    () =>
      renderEmail('login_reminder', 'ru', params, dnevnik, { ru: { login_reminder: { text: '{{link}}' } } }),
    /no value for the placeholder \{\{link\}\}/,
  );
});
