/**
 * A realm's look (issue 14, item 8): WCAG contrast computed here, colours refused with the
 * measured ratio, images recognised by their bytes and refused when not an image or too large;
 * the style sheet and images served under the realm.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../test/support/harness.js';
import {
  checkColour,
  checkImage,
  contrastRatio,
  FAVICON_MAX_BYTES,
  LOGO_MAX_BYTES,
  lookCss,
} from './look.js';
import { PRESETS, resolveSettings } from './presets.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

test('contrast ratios: the WCAG formula against known pairs', () => {
  assert.equal(contrastRatio('#ffffff', '#000000').toFixed(2), '21.00');
  assert.equal(contrastRatio('#ffffff', '#ffffff').toFixed(2), '1.00');
  // The blue buttons of issue 14 (4.1:1) and the grey of WebAIM's example (4.48:1).
  assert.equal(contrastRatio('#2a7de1', '#ffffff').toFixed(2), '4.10');
  assert.equal(contrastRatio('#777777', '#ffffff').toFixed(2), '4.48');
});

test('a colour: normalised, refused when it is not one or reaches less than 4.5:1', () => {
  assert.deepEqual(checkColour(' #C62828 '), { ok: true, colour: '#c62828' });
  assert.deepEqual(checkColour('#036'), { ok: true, colour: '#003366' });
  for (const bad of ['', 'red', '#12345', '#gggggg', 'rgb(0,0,0)', '#1234567', '#12345g', 'url(x)']) {
    assert.deepEqual(checkColour(bad), { ok: false, reason: 'not_colour' }, bad);
  }
  assert.deepEqual(checkColour('#2a7de1'), { ok: false, reason: 'low_contrast', ratio: '4.10' });
  // 4.478…:1 is shown rounded down: a ratio that reads 4.5 must reach it.
  assert.deepEqual(checkColour('#777777'), { ok: false, reason: 'low_contrast', ratio: '4.47' });
});

test('saving a look: the ratio in the message, no colour but a colour, images checked', () => {
  const refused = resolveSettings('dnevnik', { look: { primaryColour: '#2a7de1' } });
  assert.equal(refused.ok, false);
  assert.match(
    refused.ok ? '' : refused.errors.join(),
    /look\.primaryColour: #2a7de1 has a contrast of 4\.10:1 against #ffffff; at least 4\.5:1 is needed/,
  );
  const notColour = resolveSettings('dnevnik', { look: { primaryColour: 'red;}body{display:none' } });
  assert.match(notColour.ok ? '' : notColour.errors.join(), /is not a colour/);
  const text = resolveSettings('eljur', {
    look: { logo: { type: 'image/png', data: Buffer.from('<svg onload=alert(1)>').toString('base64') } },
  });
  assert.match(text.ok ? '' : text.errors.join(), /logo: not_image/);
  const lying = resolveSettings('eljur', {
    look: { logo: { type: 'image/jpeg', data: PNG.toString('base64') } },
  });
  assert.match(lying.ok ? '' : lying.errors.join(), /the bytes are image\/png, not image\/jpeg/);
  const ok = resolveSettings('eljur', {
    look: { primaryColour: '#0b5394', logo: { type: 'image/png', data: PNG.toString('base64') } },
  });
  assert.equal(ok.ok, true);
});

test('images: by their bytes, within their limits', () => {
  assert.equal(checkImage(PNG, 'logo').ok, true);
  assert.deepEqual(checkImage(Buffer.alloc(0), 'logo'), {
    ok: false,
    reason: 'empty',
    limit: LOGO_MAX_BYTES,
  });
  assert.deepEqual(checkImage(Buffer.from('GIF89a'.padEnd(LOGO_MAX_BYTES + 1, 'x')), 'logo'), {
    ok: false,
    reason: 'too_large',
    limit: LOGO_MAX_BYTES,
  });
  assert.equal(checkImage(Buffer.concat([PNG, Buffer.alloc(FAVICON_MAX_BYTES)]), 'favicon').ok, false);
  assert.equal(checkImage(Buffer.from('<?xml version="1.0"?><svg/>'), 'logo').ok, false);
  assert.equal(checkImage(Buffer.from([0, 0, 1, 0, 1, 0]), 'favicon').ok, true);
  assert.equal(checkImage(Buffer.from([0, 0, 1, 0, 1, 0]), 'logo').ok, false, 'an icon is no logo');
});

test('the three presets: distinct colours, each reaching 4.5:1', () => {
  const colours = Object.values(PRESETS).map((p) => p.look?.primaryColour ?? '');
  assert.equal(new Set(colours).size, 3);
  for (const c of colours) assert.equal(checkColour(c).ok, true, c);
  assert.match(lookCss(PRESETS.eljur.look), /--accent: #c62828;/);
});

describe('the look served under the realm', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite');
  });
  after(async () => {
    await h?.close();
  });

  test('look.css with the realm colour, linked from its pages; no logo → 404', async () => {
    const css = await h.app.inject({ method: 'GET', url: '/r/eljur/look.css' });
    assert.equal(css.statusCode, 200);
    assert.match(css.headers['content-type'] as string, /^text\/css/);
    assert.match(css.body, /--accent: #c62828;/);
    const again = await h.app.inject({
      method: 'GET',
      url: '/r/eljur/look.css',
      headers: { 'if-none-match': css.headers.etag as string },
    });
    assert.equal(again.statusCode, 304);
    const login = await h.app.inject({ method: 'GET', url: '/r/eljur/login' });
    assert.match(login.body, /<link rel="stylesheet" href="\/r\/eljur\/look\.css\?v=[\w-]+">/);
    assert.equal((await h.app.inject({ method: 'GET', url: '/r/eljur/logo' })).statusCode, 404);
    assert.equal((await h.app.inject({ method: 'GET', url: '/r/nowhere/look.css' })).statusCode, 404);
  });
});
