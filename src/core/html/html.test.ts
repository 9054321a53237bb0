import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html, raw } from './html.js';

test('interpolated text is escaped, nested templates are not', () => {
  const name = '<script>alert("x")</script>';
  const inner = html`<b>${name}</b>`;
  assert.equal(
    html`<p title="${"a'b"}">${inner}${raw('<br>')}${[1, null, 'x']}</p>`.toString(),
    '<p title="a&#39;b"><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</b><br>1x</p>',
  );
});
