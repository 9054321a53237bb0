import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, html, raw } from './html.js';

test('interpolated text is escaped, nested templates are not', () => {
  const name = '<script>alert("x")</script>';
  const inner = html`<b>${name}</b>`;
  assert.equal(
    html`<p title="${"a'b"}">${inner}${raw('<br>')}${[1, null, 'x']}</p>`.toString(),
    '<p title="a&#39;b"><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</b><br>1x</p>',
  );
});

test('every special character is escaped wherever it stands, and plain text is left as it is', () => {
  for (const [text, escaped] of [
    ['&', '&amp;'],
    ['a<b', 'a&lt;b'],
    ['x>', 'x&gt;'],
    ['"q"', '&quot;q&quot;'],
    ["it's", 'it&#39;s'],
    ['`tick`', '&#96;tick&#96;'],
    ['Школа № 1535 — 9Б', 'Школа № 1535 — 9Б'],
    ['', ''],
  ]) {
    assert.equal(escapeHtml(text as string), escaped);
  }
  assert.equal(escapeHtml('a&b'.repeat(3)), 'a&amp;b'.repeat(3), 'all of them, not the first');
});
