/**
 * A program that tries to read the captcha picture, as a script kiddie's solver would: decode the
 * PNG, threshold it (Otsu), remove specks and strokes thinner than the digits (morphological
 * opening), cut the ink into pieces by connected components, split or drop pieces until there
 * are as many as digits (column projection), then match each piece against templates — glyphs
 * drawn by the picture's own code without any distortion — trying a few rotations, and take the
 * best match. It knows everything about the picture but the random choices of each one.
 *
 * It is how the picture's resistance is measured (captcha-solver.test.ts): it must read an
 * undistorted control almost always and the picture the service used to draw most of the time,
 * so that its failure on the current picture means something.
 */
import {
  components,
  decodePng,
  type Grey,
  type Mask,
  merge,
  morph,
  otsuThreshold,
  type Piece,
  split,
  strokeWidth,
} from './captcha-image.js';

// ---- matching ------------------------------------------------------------------------------------

const NW = 24;
const NH = 32;

/** The piece's ink, rotated by `angle` about its centre, scaled into NW×NH, then blurred. */
function normalise(piece: Piece, width: number, angle: number): Float32Array {
  const points: [number, number][] = [];
  let cx = 0;
  let cy = 0;
  for (const i of piece.pixels) {
    const x = i % width;
    const y = (i - x) / width;
    points.push([x, y]);
    cx += x;
    cy += y;
  }
  cx /= points.length || 1;
  cy /= points.length || 1;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  const turned = points.map(([x, y]): [number, number] => {
    const u = (x - cx) * cos - (y - cy) * sin;
    const v = (x - cx) * sin + (y - cy) * cos;
    x0 = Math.min(x0, u);
    x1 = Math.max(x1, u);
    y0 = Math.min(y0, v);
    y1 = Math.max(y1, v);
    return [u, v];
  });
  const scale = Math.min((NW - 2) / (x1 - x0 + 1), (NH - 2) / (y1 - y0 + 1));
  const grid = new Float32Array(NW * NH);
  const ox = (NW - (x1 - x0 + 1) * scale) / 2;
  const oy = (NH - (y1 - y0 + 1) * scale) / 2;
  for (const [u, v] of turned) {
    const gx = Math.min(NW - 1, Math.max(0, Math.floor(ox + (u - x0 + 0.5) * scale)));
    const gy = Math.min(NH - 1, Math.max(0, Math.floor(oy + (v - y0 + 0.5) * scale)));
    grid[gy * NW + gx] = 1;
  }
  return blur(blur(grid));
}

function blur(grid: Float32Array): Float32Array {
  const out = new Float32Array(grid.length);
  for (let y = 0; y < NH; y++) {
    for (let x = 0; x < NW; x++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx >= 0 && yy >= 0 && xx < NW && yy < NH) sum += grid[yy * NW + xx] ?? 0;
        }
      }
      out[y * NW + x] = sum / 9;
    }
  }
  return out;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

export interface Template {
  readonly digit: string;
  readonly vector: Float32Array;
  /** Width over height of the glyph's ink. */
  readonly aspect: number;
}

function ink(picture: Grey): { mask: Mask; stroke: number } {
  const { width, height, pixels } = picture;
  const threshold = otsuThreshold(pixels);
  let mask: Mask = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) mask[i] = (pixels[i] ?? 255) <= threshold ? 1 : 0;
  const stroke = strokeWidth(mask, width, height);
  // Strokes of 3 pixels or more survive an opening by a 3×3 square; thinner lines and specks do not.
  if (stroke >= 4) mask = morph(morph(mask, width, height, false), width, height, true);
  return { mask, stroke };
}

/** Templates from pictures of one digit each, drawn without distortion. */
export function templatesFrom(samples: readonly { digit: string; png: Buffer }[]): Template[] {
  return samples.map(({ digit, png }) => {
    const picture = decodePng(png);
    const { mask } = ink(picture);
    const all = components(mask, picture.width, picture.height).reduce(merge);
    return {
      digit,
      vector: normalise(all, picture.width, 0),
      aspect: (all.x1 - all.x0 + 1) / (all.y1 - all.y0 + 1),
    };
  });
}

const ANGLES = [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3];

/** The solver's reading of a picture of `count` digits. */
export function readPicture(png: Buffer, templates: readonly Template[], count: number): string {
  const picture = decodePng(png);
  const { width, height } = picture;
  const { mask } = ink(picture);
  let pieces = components(mask, width, height);
  // Specks and scraps: much smaller than the biggest pieces.
  const tallest = Math.max(...pieces.map((p) => p.y1 - p.y0 + 1), 1);
  pieces = pieces.filter((p) => p.y1 - p.y0 + 1 >= tallest * 0.35 && p.pixels.length >= 12);
  pieces.sort((a, b) => a.x0 + a.x1 - (b.x0 + b.x1));
  // Pieces of one glyph (a stroke broken by thresholding) overlap in x: join them.
  for (let i = 0; i + 1 < pieces.length; ) {
    const a = pieces[i] as Piece;
    const b = pieces[i + 1] as Piece;
    const overlap = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) + 1;
    const narrower = Math.min(a.x1 - a.x0, b.x1 - b.x0) + 1;
    if (overlap > 0.6 * narrower) pieces.splice(i, 2, merge(a, b));
    else i++;
  }
  const aspect = templates.reduce((s, t) => s + t.aspect, 0) / Math.max(1, templates.length);
  const glyphWidth = (p: Piece): number => Math.max(4, aspect * (p.y1 - p.y0 + 1));
  while (pieces.length < count && pieces.length > 0) {
    // The widest piece relative to one glyph holds several: cut it where the ink is thinnest.
    let widest = 0;
    for (let i = 1; i < pieces.length; i++) {
      const p = pieces[i] as Piece;
      const w = pieces[widest] as Piece;
      if ((p.x1 - p.x0) / glyphWidth(p) > (w.x1 - w.x0) / glyphWidth(w)) widest = i;
    }
    const piece = pieces[widest] as Piece;
    const room = count - pieces.length + 1;
    const k = Math.min(room, Math.max(2, Math.round((piece.x1 - piece.x0 + 1) / glyphWidth(piece))));
    const parts = split(piece, k, width);
    if (parts.length < 2) break;
    pieces.splice(widest, 1, ...parts);
  }
  while (pieces.length > count) {
    let smallest = 0;
    for (let i = 1; i < pieces.length; i++) {
      if ((pieces[i]?.pixels.length ?? 0) < (pieces[smallest]?.pixels.length ?? 0)) smallest = i;
    }
    pieces.splice(smallest, 1);
  }
  let reading = '';
  for (const piece of pieces) {
    let best = { digit: '?', score: -1 };
    for (const angle of ANGLES) {
      const vector = normalise(piece, width, angle);
      for (const t of templates) {
        const score = cosine(vector, t.vector);
        if (score > best.score) best = { digit: t.digit, score };
      }
    }
    reading += best.digit;
  }
  return reading;
}
