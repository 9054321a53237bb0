/**
 * The picture of digits: drawn here, pixel by pixel, into a greyscale PNG.
 *
 * Rules:
 * - The digits exist only as pixels. An SVG of glyph outlines (what svg-captcha makes) repeats
 *   the same path commands for the same digit, so a script reads it by comparing paths without
 *   any OCR. A raster has no such shortcut, and the PNG holds no text chunk (see png.ts).
 * - It is drawn against the reading programs people actually write: cut the ink into pieces
 *   (connected components, gaps between columns), clean the pieces (thresholds, dropping thin
 *   lines and specks), match each against the glyphs. So (issue 9.9):
 *   - the digits touch, overlap a little or nearly touch, with varying spacing: there is no
 *     clean gap to cut at;
 *   - each digit is one of three hands (glyphs.ts), with its own stroke width, size, slant,
 *     rotation and bend: no one template fits a digit;
 *   - a line as wide and dark as the digits' strokes runs through the row at a slant, so no
 *     threshold or opening removes it and it ties the digits into one piece; curved fragments of
 *     digits lie beside the row, and lighter specks everywhere;
 *   - one smooth wave bends everything, digits and clutter alike.
 *   People read it by the shape of whole digits. What the clutter may not do is change a digit
 *   for a person: the line crosses the middle of the row at a slant (a level line through a 0
 *   reads as an 8), fragments keep their distance from the row, flags of 1s are short (a long
 *   flag on a tilted 1 reads as a 7). `test/support/captcha-solver.ts` is such a program;
 *   picture-resistance.test.ts measures it, and docs/SECURITY.md gives the figures.
 * - Every choice comes from the `Randomness` given: a keyed stream per challenge in the service
 *   (the same token is the same picture), the CSPRNG otherwise.
 * - Cheap enough to draw on request (one to two milliseconds): strokes are rasterised segment by
 *   segment, touching only the pixels near each one, and the PNG is deflated at a low level.
 */
import { FONTS, type Glyph, type Point, type Polyline } from './glyphs.js';
import { encodeGreyPng } from './png.js';
import { type Randomness, secureRandomness } from './randomness.js';

export const IMAGE_WIDTH = 240;
export const IMAGE_HEIGHT = 80;

interface Stroke {
  readonly points: Polyline;
  readonly halfWidth: number;
  /** 0…1: how much the stroke darkens the background where it fully covers a pixel. */
  readonly strength: number;
}

type Warp = (p: Point) => Point;

/** Splits segments so none is longer than `step` pixels, then bends every point by `warp`. */
function resample(points: Polyline, step: number, warp: Warp): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < points.length; i++) {
    const b = points[i];
    if (!b) continue;
    const a = points[i - 1];
    if (a) {
      const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / step));
      for (let k = 1; k < n; k++)
        out.push(warp([a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n]));
    }
    out.push(warp(b));
  }
  return out;
}

/** Antialiased capsule: each pixel keeps the darkest coverage any stroke gave it. */
function drawSegment(dark: Float32Array, a: Point, b: Point, halfWidth: number, strength: number): void {
  const reach = halfWidth + 1;
  const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - reach));
  const x1 = Math.min(IMAGE_WIDTH - 1, Math.ceil(Math.max(a[0], b[0]) + reach));
  const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - reach));
  const y1 = Math.min(IMAGE_HEIGHT - 1, Math.ceil(Math.max(a[1], b[1]) + reach));
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSquared = dx * dx + dy * dy;
  const outer = (halfWidth + 0.5) ** 2;
  for (let y = y0; y <= y1; y++) {
    const py = y + 0.5 - a[1];
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5 - a[0];
      const t = lengthSquared === 0 ? 0 : Math.min(1, Math.max(0, (px * dx + py * dy) / lengthSquared));
      const ex = px - t * dx;
      const ey = py - t * dy;
      const d2 = ex * ex + ey * ey;
      if (d2 >= outer) continue;
      const cover = Math.min(1, halfWidth + 0.5 - Math.sqrt(d2)) * strength;
      const i = y * IMAGE_WIDTH + x;
      if (cover > (dark[i] ?? 0)) dark[i] = cover;
    }
  }
}

function rasterise(dark: Float32Array, strokes: readonly Stroke[], warp: Warp): void {
  for (const stroke of strokes) {
    const points = resample(stroke.points, 1.5, warp);
    if (points.length === 1 && points[0])
      drawSegment(dark, points[0], points[0], stroke.halfWidth, stroke.strength);
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1];
      const b = points[i];
      if (a && b) drawSegment(dark, a, b, stroke.halfWidth, stroke.strength);
    }
  }
}

/** Where and how one glyph is drawn: its box in pixels and its own distortions. */
interface Placement {
  readonly glyph: Glyph;
  readonly cx: number;
  readonly cy: number;
  /** Pixels per glyph unit, vertically and horizontally. */
  readonly scale: number;
  readonly squeeze: number;
  readonly angle: number;
  readonly shear: number;
  readonly bend: number;
  readonly bendLength: number;
  readonly bendPhase: number;
  readonly halfWidth: number;
}

function place(p: Placement): (q: Point) => Point {
  const cos = Math.cos(p.angle);
  const sin = Math.sin(p.angle);
  return ([u, v]) => {
    const x =
      (u - 0.5 + p.shear * (v - 0.75)) * p.scale * p.squeeze +
      p.bend * Math.sin((2 * Math.PI * v) / p.bendLength + p.bendPhase);
    const y = (v - 0.75) * p.scale;
    return [p.cx + x * cos - y * sin, p.cy + x * sin + y * cos];
  };
}

function glyphStrokes(p: Placement, rnd: Randomness): Stroke[] {
  const at = place(p);
  return p.glyph.map((line) => ({
    points: line.map(at),
    halfWidth: p.halfWidth,
    strength: rnd.between(0.82, 0.95),
  }));
}

/** The digits in a row that touches and overlaps, each in its own hand, size and pose. */
function layout(digits: string, rnd: Randomness): Placement[] {
  const boxes = [...digits].map((d) => {
    const glyph = rnd.pick(FONTS)[Number(d)];
    if (!glyph) throw new RangeError('only digits can be drawn');
    const scale = rnd.between(30, 35);
    const squeeze = rnd.between(0.75, 1.0);
    return { glyph, scale, squeeze, width: scale * squeeze };
  });
  // Neighbours overlap a little, touch, or nearly touch: there is no clean gap to cut at.
  const gaps = boxes.slice(1).map((b) => rnd.between(-0.1, 0.05) * b.width);
  const total = boxes.reduce((s, b) => s + b.width, 0) + gaps.reduce((s, g) => s + g, 0);
  let x = (IMAGE_WIDTH - total) / 2 + rnd.between(-10, 10);
  const baseline = IMAGE_HEIGHT / 2 + rnd.between(-3, 3);
  return boxes.map((b, i) => {
    const cx = x + b.width / 2;
    x += b.width + (gaps[i] ?? 0);
    return {
      glyph: b.glyph,
      cx,
      cy: baseline + rnd.between(-4, 4),
      scale: b.scale,
      squeeze: b.squeeze,
      angle: rnd.between(-0.18, 0.18),
      shear: rnd.between(-0.25, 0.25),
      bend: rnd.between(-3, 3),
      bendLength: rnd.between(1.2, 2.4),
      bendPhase: rnd.between(0, 2 * Math.PI),
      halfWidth: rnd.between(1.4, 2.4),
    };
  });
}

/**
 * A line through the row, as wide and dark as the digits' strokes. It runs at a slant, so it
 * crosses each digit at another height and never lies along a digit's own bar (a level line
 * through a 0 would make it an 8 to a person), and it bends gently.
 */
function strikeLine(rnd: Randomness, halfWidth: number): Stroke {
  const y0 = IMAGE_HEIGHT / 2 + rnd.between(-3, 3);
  const slope = (rnd.next() < 0.5 ? -1 : 1) * rnd.between(0.08, 0.16);
  const amplitude = rnd.between(1, 3);
  const wavelength = rnd.between(60, 140);
  const phase = rnd.between(0, 2 * Math.PI);
  const from = rnd.between(-10, IMAGE_WIDTH * 0.25);
  const to = rnd.between(IMAGE_WIDTH * 0.75, IMAGE_WIDTH + 10);
  const points: Point[] = [];
  for (let x = from; x <= to; x += 3) {
    points.push([
      x,
      y0 + slope * (x - IMAGE_WIDTH / 2) + amplitude * Math.sin((2 * Math.PI * x) / wavelength + phase),
    ]);
  }
  return { points, halfWidth, strength: rnd.between(0.82, 0.95) };
}

/**
 * A curved piece of some digit's stroke, smaller than the digits, beside one end of the row:
 * glyph-like ink for a program to place, apart enough that a person sees it is no digit.
 */
function fragment(rnd: Randomness, halfWidth: number, row: { x0: number; x1: number }): Stroke {
  const curves = FONTS.flatMap((font) => font.flatMap((glyph) => glyph.filter((line) => line.length >= 8)));
  const line = rnd.pick(curves);
  const length = Math.max(4, Math.round(line.length * rnd.between(0.3, 0.55)));
  const start = rnd.below(Math.max(1, line.length - length + 1));
  const left = rnd.next() < 0.5;
  const at = place({
    glyph: [line],
    cx: left ? row.x0 - rnd.between(14, 34) : row.x1 + rnd.between(14, 34),
    cy: IMAGE_HEIGHT / 2 + rnd.between(-18, 18),
    scale: rnd.between(15, 21),
    squeeze: 1,
    angle: rnd.between(-0.6, 0.6),
    shear: 0,
    bend: 0,
    bendLength: 1,
    bendPhase: 0,
    halfWidth,
  });
  return { points: line.slice(start, start + length).map(at), halfWidth, strength: rnd.between(0.82, 0.95) };
}

function clutter(rnd: Randomness, placements: readonly Placement[]): Stroke[] {
  const width = (): number => rnd.pick(placements).halfWidth;
  const row = {
    x0: Math.min(...placements.map((p) => p.cx - (p.scale * p.squeeze) / 2)),
    x1: Math.max(...placements.map((p) => p.cx + (p.scale * p.squeeze) / 2)),
  };
  const strokes = [strikeLine(rnd, width())];
  const fragments = 2 + rnd.below(2);
  for (let i = 0; i < fragments; i++) strokes.push(fragment(rnd, width(), row));
  // Specks of every size, lighter than the ink.
  for (let i = 0; i < 60; i++) {
    const p: Point = [rnd.between(0, IMAGE_WIDTH), rnd.between(0, IMAGE_HEIGHT)];
    strokes.push({ points: [p, p], halfWidth: rnd.between(0.4, 1.6), strength: rnd.between(0.2, 0.6) });
  }
  return strokes;
}

/** One smooth wave that bends the whole picture, so no per-glyph transform straightens it. */
function wave(rnd: Randomness): Warp {
  const ax = rnd.between(1.5, 3);
  const ay = rnd.between(1.5, 3);
  const lx = rnd.between(35, 70);
  const ly = rnd.between(60, 120);
  const px = rnd.between(0, 2 * Math.PI);
  const py = rnd.between(0, 2 * Math.PI);
  return ([x, y]) => [
    x + ax * Math.sin((2 * Math.PI * y) / lx + px),
    y + ay * Math.sin((2 * Math.PI * x) / ly + py),
  ];
}

/** Light ground with a gentle gradient; `dark` darkens it. */
function toPng(dark: Float32Array, rnd: Randomness): Buffer {
  const pixels = new Uint8Array(IMAGE_WIDTH * IMAGE_HEIGHT);
  const base = rnd.between(236, 250);
  const gx = rnd.between(-8, 8) / IMAGE_WIDTH;
  const gy = rnd.between(-6, 6) / IMAGE_HEIGHT;
  for (let y = 0; y < IMAGE_HEIGHT; y++) {
    for (let x = 0; x < IMAGE_WIDTH; x++) {
      const i = y * IMAGE_WIDTH + x;
      pixels[i] = Math.round(Math.min(255, base + gx * x + gy * y) * (1 - (dark[i] ?? 0)));
    }
  }
  return encodeGreyPng(IMAGE_WIDTH, IMAGE_HEIGHT, pixels);
}

const checkDigits = (digits: string): void => {
  if (!/^[0-9]{1,8}$/.test(digits)) throw new RangeError('only 1 to 8 ASCII digits can be drawn');
};

/** Draws `digits` (ASCII 0–9 only) and returns the PNG. */
export function renderDigitsPng(digits: string, rnd: Randomness = secureRandomness()): Buffer {
  checkDigits(digits);
  const placements = layout(digits, rnd);
  const warp = wave(rnd);
  const dark = new Float32Array(IMAGE_WIDTH * IMAGE_HEIGHT);
  const digitStrokes = placements.flatMap((p) => glyphStrokes(p, rnd));
  rasterise(dark, [...digitStrokes, ...clutter(rnd, placements)], warp);
  return toPng(dark, rnd);
}

/**
 * The undistorted control: the same glyphs of hand `font`, upright, evenly spaced apart, one
 * stroke width, no clutter and no wave. Nothing serves it; a reading program's templates are
 * made from it and it must read it (test/support/captcha-solver.ts).
 */
export function renderPlainDigitsPng(digits: string, font = 0): Buffer {
  checkDigits(digits);
  const glyphs = FONTS[font];
  if (!glyphs) throw new RangeError('no such hand');
  const rnd = secureRandomness();
  const step = (IMAGE_WIDTH - 40) / digits.length;
  const dark = new Float32Array(IMAGE_WIDTH * IMAGE_HEIGHT);
  const strokes = [...digits].flatMap((d, i) =>
    glyphStrokes(
      {
        glyph: glyphs[Number(d)] ?? [],
        cx: 20 + step * (i + 0.5),
        cy: IMAGE_HEIGHT / 2,
        scale: 28,
        squeeze: 0.9,
        angle: 0,
        shear: 0,
        bend: 0,
        bendLength: 1,
        bendPhase: 0,
        halfWidth: 2,
      },
      rnd,
    ),
  );
  rasterise(dark, strokes, (p) => p);
  return toPng(dark, rnd);
}
