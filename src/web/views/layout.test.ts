/** The page frame, rendered once per translator and frame and kept (layout.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html, SafeHtml } from '../../core/html/html.js';
import { translator } from '../../messages.js';
import { FRAMES_KEPT, layout, type PageFrame } from './layout.js';

const ru = translator('ru');
const frame = (over: Partial<PageFrame> = {}): PageFrame => ({
  t: ru,
  locale: 'ru',
  title: 'Мой профиль',
  path: '/r/dnevnik/profile',
  productName: 'Дневник.ру',
  homeHref: '/r/dnevnik/profile',
  ...over,
});

test('each page gets its own body in the frame of its own fields', () => {
  const a = layout(frame(), html`<p>первый</p>`).value;
  const b = layout(frame(), html`<p>второй &amp; ${'<b>'}</p>`).value;
  assert.match(a, /<main id="content" tabindex="-1">\n<p>первый<\/p>\n<\/main>/);
  assert.match(b, /<main id="content" tabindex="-1">\n<p>второй &amp; &lt;b&gt;<\/p>\n<\/main>/);
  assert.equal(a.replace('первый', 'второй &amp; &lt;b&gt;'), b, 'the same frame around both');

  const changes: [string, Partial<PageFrame>, RegExp][] = [
    ['title', { title: 'Настройки' }, /<title>Настройки — Дневник.ру<\/title>/],
    ['path', { path: '/r/dnevnik/settings' }, /back=%2Fr%2Fdnevnik%2Fsettings/],
    ['product', { productName: 'ЭлЖур' }, /<a class="brand" href="\/r\/dnevnik\/profile">ЭлЖур<\/a>/],
    ['home', { homeHref: '/r/dnevnik/login' }, /class="brand" href="\/r\/dnevnik\/login"/],
    ['demo', { demo: true }, /class="demo-banner"/],
    ['head', { head: new SafeHtml('<meta http-equiv="refresh" content="5">') }, /http-equiv="refresh"/],
    ['locale', { locale: 'en', t: translator('en') }, /<html lang="en">[\s\S]*Skip to content/],
  ];
  for (const [what, over, expected] of changes) {
    const page = layout(frame(over), html`<p>первый</p>`).value;
    assert.match(page, expected, what);
    assert.notEqual(page, a, what);
    assert.match(page, /<p>первый<\/p>/, what);
  }
  assert.doesNotMatch(a, /demo-banner|http-equiv/, 'the first frame kept none of the others');
});

test('a title holding the body marker does not move the body; frames beyond the bound are rendered again', () => {
  const odd = layout(frame({ title: '\u0000body\u0000' }), html`<p>тело</p>`).value;
  assert.match(odd, /<main id="content" tabindex="-1">\n<p>тело<\/p>\n<\/main>/);
  assert.ok(odd.includes('<title>\u0000body\u0000 — Дневник.ру</title>'), 'the title as given');

  const first = layout(frame({ path: '/p/0' }), html`x`).value;
  for (let i = 1; i <= FRAMES_KEPT + 1; i++) layout(frame({ path: `/p/${i}` }), html`x`);
  assert.equal(layout(frame({ path: '/p/0' }), html`x`).value, first, 'let go, then rendered the same again');
});
