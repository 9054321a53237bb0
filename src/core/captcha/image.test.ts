import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inflateSync } from 'node:zlib';
import { IMAGE_HEIGHT, IMAGE_WIDTH, renderDigitsPng } from './image.js';
import { encodeGreyPng, pngChunkTypes } from './png.js';

function decode(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.deepEqual(pngChunkTypes(png), ['IHDR', 'IDAT', 'IEND']);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idatLength = png.readUInt32BE(33);
  const rows = inflateSync(png.subarray(41, 41 + idatLength));
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    assert.equal(rows[y * (width + 1)], 0, 'filter none');
    pixels.set(rows.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), y * width);
  }
  return { width, height, pixels };
}

test('the PNG encoder writes what a decoder reads back, with valid CRCs', () => {
  const pixels = new Uint8Array([0, 64, 128, 255, 1, 2]);
  const png = encodeGreyPng(3, 2, pixels);
  const back = decode(png);
  assert.deepEqual([back.width, back.height], [3, 2]);
  assert.deepEqual([...back.pixels], [...pixels]);
  // CRC of IEND is a well-known constant.
  assert.equal(png.subarray(-4).toString('hex'), 'ae426082');
  assert.throws(() => encodeGreyPng(2, 2, pixels));
});

test('a picture is a 200×70 greyscale PNG with dark digit strokes on a light ground, different each time', () => {
  const a = renderDigitsPng('21488');
  const b = renderDigitsPng('21488');
  assert.notDeepEqual(a, b, 'random shapes and noise');
  const { width, height, pixels } = decode(a);
  assert.deepEqual([width, height], [IMAGE_WIDTH, IMAGE_HEIGHT]);
  const dark = pixels.filter((p) => p < 100).length / pixels.length;
  assert.ok(dark > 0.04 && dark < 0.3, `ink covers a readable share (${dark.toFixed(3)})`);
  const light = pixels.filter((p) => p > 200).length / pixels.length;
  assert.ok(light > 0.6, 'mostly background');
  assert.ok(a.length < 12_000, `small (${a.length} bytes)`);
});

test('only ASCII digits can be drawn', () => {
  for (const bad of ['', 'abc', '１２', '123456789', '12 3']) assert.throws(() => renderDigitsPng(bad), bad);
});
