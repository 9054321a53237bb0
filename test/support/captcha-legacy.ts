/**
 * The captcha picture as it was drawn before issue 9.9 (one glyph set, digits spaced apart, thin
 * noise lines and specks, one smooth wave), kept verbatim so the solver's success on it can be
 * measured beside the current picture. Test support only; the service no longer draws this.
 */
import { randomBytes } from 'node:crypto';
import { encodeGreyPng } from '../../src/core/captcha/png.js';

export const LEGACY_WIDTH = 200;
export const LEGACY_HEIGHT = 70;

type Point = readonly [number, number];
type Polyline = readonly Point[];

/** An elliptic arc in glyph units; angles in degrees, y grows downwards, 270° is the top. */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number): Point[] {
  const steps = Math.max(2, Math.ceil(Math.abs(to - from) / 12));
  const out: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const a = ((from + ((to - from) * i) / steps) * Math.PI) / 180;
    out.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
  }
  return out;
}

// Glyphs in a box 1 wide and 1.5 high, drawn as strokes like handwriting on a form: a plain
// oval 0, a 1 with a flag and a foot (so it is not a 7), an open 4.
const SIX: readonly Polyline[] = [arc(0.56, 0.8, 0.46, 0.76, 300, 165), arc(0.5, 1.08, 0.4, 0.38, 0, 360)];
const GLYPHS: readonly (readonly Polyline[])[] = [
  [arc(0.5, 0.75, 0.42, 0.72, 0, 360)],
  [
    [
      [0.2, 0.34],
      [0.56, 0.03],
      [0.56, 1.47],
    ],
    [
      [0.26, 1.47],
      [0.84, 1.47],
    ],
  ],
  [[...arc(0.5, 0.42, 0.4, 0.38, 195, 395), [0.06, 1.47], [0.95, 1.47]]],
  [arc(0.48, 0.4, 0.38, 0.36, 200, 450), arc(0.48, 1.1, 0.44, 0.37, 270, 520)],
  [
    [
      [0.7, 1.47],
      [0.7, 0.03],
      [0.04, 1.02],
      [0.96, 1.02],
    ],
  ],
  [[[0.86, 0.03], [0.2, 0.03], [0.14, 0.66], ...arc(0.5, 1.0, 0.43, 0.47, 235, 505)]],
  SIX,
  [
    [
      [0.05, 0.03],
      [0.95, 0.03],
      [0.38, 1.47],
    ],
  ],
  [arc(0.5, 0.38, 0.34, 0.35, 0, 360), arc(0.5, 1.1, 0.42, 0.37, 0, 360)],
  SIX.map((line) => line.map(([x, y]): Point => [1 - x, 1.5 - y])),
];

/** Uniform numbers from the CSPRNG, taken from a pooled buffer (one syscall per picture). */
class Randomness {
  #pool = randomBytes(4096);
  #at = 0;
  next(): number {
    if (this.#at + 4 > this.#pool.length) {
      this.#pool = randomBytes(4096);
      this.#at = 0;
    }
    const value = this.#pool.readUInt32BE(this.#at) / 0x1_0000_0000;
    this.#at += 4;
    return value;
  }
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
}

interface Stroke {
  readonly points: Polyline;
  readonly halfWidth: number;
  /** 0…1: how much the stroke darkens the background where it fully covers a pixel. */
  readonly strength: number;
}

/** Splits segments so none is longer than `step` pixels, then bends every point by `warp`. */
function resample(points: Polyline, step: number, warp: (p: Point) => Point): Point[] {
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
  const x1 = Math.min(LEGACY_WIDTH - 1, Math.ceil(Math.max(a[0], b[0]) + reach));
  const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - reach));
  const y1 = Math.min(LEGACY_HEIGHT - 1, Math.ceil(Math.max(a[1], b[1]) + reach));
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSquared = dx * dx + dy * dy;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5 - a[0];
      const py = y + 0.5 - a[1];
      const t = lengthSquared === 0 ? 0 : Math.min(1, Math.max(0, (px * dx + py * dy) / lengthSquared));
      const d = Math.hypot(px - t * dx, py - t * dy);
      const cover = Math.min(1, Math.max(0, halfWidth + 0.5 - d)) * strength;
      const i = y * LEGACY_WIDTH + x;
      if (cover > (dark[i] ?? 0)) dark[i] = cover;
    }
  }
}

function digitStrokes(digits: string, rnd: Randomness): Stroke[] {
  const strokes: Stroke[] = [];
  const margin = 20;
  const step = (LEGACY_WIDTH - 2 * margin) / digits.length;
  const halfWidth = rnd.between(1.7, 2.3);
  for (let i = 0; i < digits.length; i++) {
    const glyph = GLYPHS[Number(digits[i])];
    if (!glyph) throw new RangeError('only digits can be drawn');
    const scale = rnd.between(23, 27);
    const angle = rnd.between(-0.3, 0.3);
    const shear = rnd.between(-0.25, 0.25);
    const cx = margin + step * (i + 0.5) + rnd.between(-2.5, 2.5);
    const cy = LEGACY_HEIGHT / 2 + rnd.between(-3, 3);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const place = ([u, v]: Point): Point => {
      const x = (u - 0.5 + shear * (v - 0.75)) * scale * rnd.between(0.97, 1.03);
      const y = (v - 0.75) * scale;
      return [cx + x * cos - y * sin, cy + x * sin + y * cos];
    };
    for (const line of glyph) {
      strokes.push({ points: line.map(place), halfWidth, strength: rnd.between(0.78, 0.9) });
    }
  }
  return strokes;
}

function noiseStrokes(rnd: Randomness): Stroke[] {
  const strokes: Stroke[] = [];
  const lines = 2 + Math.floor(rnd.next() * 2);
  for (let n = 0; n < lines; n++) {
    const y0 = rnd.between(12, LEGACY_HEIGHT - 12);
    const slope = rnd.between(-0.15, 0.15);
    const amplitude = rnd.between(4, 12);
    const wavelength = rnd.between(60, 160);
    const phase = rnd.between(0, 2 * Math.PI);
    const from = rnd.between(-10, 40);
    const to = rnd.between(LEGACY_WIDTH - 40, LEGACY_WIDTH + 10);
    const points: Point[] = [];
    for (let x = from; x <= to; x += 4) {
      points.push([
        x,
        y0 + slope * (x - from) + amplitude * Math.sin((2 * Math.PI * x) / wavelength + phase),
      ]);
    }
    strokes.push({ points, halfWidth: rnd.between(0.7, 1.1), strength: rnd.between(0.6, 0.8) });
  }
  for (let n = 0; n < 90; n++) {
    const p: Point = [rnd.between(0, LEGACY_WIDTH), rnd.between(0, LEGACY_HEIGHT)];
    strokes.push({ points: [p, p], halfWidth: rnd.between(0.4, 1.1), strength: rnd.between(0.3, 0.7) });
  }
  return strokes;
}

/** Draws `digits` (ASCII 0–9 only) and returns the PNG, exactly as the service used to. */
export function renderLegacyPng(digits: string): Buffer {
  if (!/^[0-9]{1,8}$/.test(digits)) throw new RangeError('only 1 to 8 ASCII digits can be drawn');
  const rnd = new Randomness();
  // One smooth wave bends the whole picture, digits and noise alike, so the digits can't be
  // straightened by undoing a per-glyph transform.
  const ax = rnd.between(1.5, 3);
  const ay = rnd.between(1.5, 3);
  const lx = rnd.between(35, 70);
  const ly = rnd.between(45, 90);
  const px = rnd.between(0, 2 * Math.PI);
  const py = rnd.between(0, 2 * Math.PI);
  const warp = ([x, y]: Point): Point => [
    x + ax * Math.sin((2 * Math.PI * y) / lx + px),
    y + ay * Math.sin((2 * Math.PI * x) / ly + py),
  ];

  const dark = new Float32Array(LEGACY_WIDTH * LEGACY_HEIGHT);
  for (const stroke of [...digitStrokes(digits, rnd), ...noiseStrokes(rnd)]) {
    const points = resample(stroke.points, 1.5, warp);
    if (points.length === 1 && points[0])
      drawSegment(dark, points[0], points[0], stroke.halfWidth, stroke.strength);
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1];
      const b = points[i];
      if (a && b) drawSegment(dark, a, b, stroke.halfWidth, stroke.strength);
    }
  }

  // A light background with a gentle random gradient.
  const pixels = new Uint8Array(LEGACY_WIDTH * LEGACY_HEIGHT);
  const base = rnd.between(236, 250);
  const gx = rnd.between(-8, 8) / LEGACY_WIDTH;
  const gy = rnd.between(-6, 6) / LEGACY_HEIGHT;
  for (let y = 0; y < LEGACY_HEIGHT; y++) {
    for (let x = 0; x < LEGACY_WIDTH; x++) {
      const i = y * LEGACY_WIDTH + x;
      const background = Math.min(255, base + gx * x + gy * y);
      pixels[i] = Math.round(background * (1 - (dark[i] ?? 0)));
    }
  }
  return encodeGreyPng(LEGACY_WIDTH, LEGACY_HEIGHT, pixels);
}

/**
 * The undistorted control: the same glyphs and strokes, upright, evenly spaced, with no wave and
 * no noise — what the solver's templates are made from, and what it must read almost always.
 */
export function renderLegacyPlainPng(digits: string): Buffer {
  const dark = new Float32Array(LEGACY_WIDTH * LEGACY_HEIGHT);
  const step = (LEGACY_WIDTH - 40) / digits.length;
  for (let i = 0; i < digits.length; i++) {
    const glyph = GLYPHS[Number(digits[i])];
    if (!glyph) throw new RangeError('only digits can be drawn');
    const cx = 20 + step * (i + 0.5);
    for (const line of glyph) {
      const points = resample(
        line.map(([u, v]): Point => [cx + (u - 0.5) * 25, LEGACY_HEIGHT / 2 + (v - 0.75) * 25]),
        1.5,
        (p) => p,
      );
      for (let k = 1; k < points.length; k++) {
        const a = points[k - 1];
        const b = points[k];
        if (a && b) drawSegment(dark, a, b, 2, 0.85);
      }
    }
  }
  const pixels = new Uint8Array(LEGACY_WIDTH * LEGACY_HEIGHT);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round(245 * (1 - (dark[i] ?? 0)));
  return encodeGreyPng(LEGACY_WIDTH, LEGACY_HEIGHT, pixels);
}
