/**
 * The picture side of the captcha solver (captcha-solver.ts): decoding the PNG and the binary
 * image operations it reads the ink with — Otsu's threshold, morphological opening, stroke
 * width, connected components, and cutting or splitting pieces by column projection.
 */
import { inflateSync } from 'node:zlib';

export interface Grey {
  readonly width: number;
  readonly height: number;
  /** 0 black … 255 white, row by row. */
  readonly pixels: Uint8Array;
}

/** Decodes an 8-bit greyscale, non-interlaced PNG (all five row filters). */
export function decodePng(png: Buffer): Grey {
  let at = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (at + 8 <= png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[9] !== 0 || body[12] !== 0) throw new Error('8-bit greyscale only');
    } else if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(data));
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = rows[y * (width + 1)];
    for (let x = 0; x < width; x++) {
      const raw = rows[y * (width + 1) + 1 + x] ?? 0;
      const a = x > 0 ? (pixels[y * width + x - 1] ?? 0) : 0;
      const b = y > 0 ? (pixels[(y - 1) * width + x] ?? 0) : 0;
      const c = x > 0 && y > 0 ? (pixels[(y - 1) * width + x - 1] ?? 0) : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * width + x] = (raw + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

// ---- binary image operations ---------------------------------------------------------------------

export type Mask = Uint8Array;

export function otsuThreshold(pixels: Uint8Array): number {
  const histogram = new Array<number>(256).fill(0);
  for (const p of pixels) histogram[p] = (histogram[p] ?? 0) + 1;
  const total = pixels.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * (histogram[i] ?? 0);
  let sumBackground = 0;
  let weightBackground = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    weightBackground += histogram[t] ?? 0;
    if (weightBackground === 0) continue;
    const weightForeground = total - weightBackground;
    if (weightForeground === 0) break;
    sumBackground += t * (histogram[t] ?? 0);
    const meanBackground = sumBackground / weightBackground;
    const meanForeground = (sum - sumBackground) / weightForeground;
    const between = weightBackground * weightForeground * (meanBackground - meanForeground) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

export function morph(mask: Mask, width: number, height: number, dilate: boolean): Mask {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let any = false;
      let all = true;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          const v = xx >= 0 && yy >= 0 && xx < width && yy < height ? mask[yy * width + xx] : 0;
          if (v) any = true;
          else all = false;
        }
      }
      out[y * width + x] = (dilate ? any : all) ? 1 : 0;
    }
  }
  return out;
}

/** The median length of horizontal and vertical runs of ink: the stroke width. */
export function strokeWidth(mask: Mask, width: number, height: number): number {
  const runs: number[] = [];
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      if (x < width && mask[y * width + x]) run++;
      else if (run > 0) {
        runs.push(run);
        run = 0;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    let run = 0;
    for (let y = 0; y <= height; y++) {
      if (y < height && mask[y * width + x]) run++;
      else if (run > 0) {
        runs.push(run);
        run = 0;
      }
    }
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)] ?? 0;
}

export interface Piece {
  /** Pixel indices. */
  readonly pixels: number[];
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export function components(mask: Mask, width: number, height: number): Piece[] {
  const seen = new Uint8Array(mask.length);
  const pieces: Piece[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    const piece: Piece = { pixels: [], x0: width, x1: 0, y0: height, y1: 0 };
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const i = stack.pop() ?? 0;
      const x = i % width;
      const y = (i - x) / width;
      piece.pixels.push(i);
      piece.x0 = Math.min(piece.x0, x);
      piece.x1 = Math.max(piece.x1, x);
      piece.y0 = Math.min(piece.y0, y);
      piece.y1 = Math.max(piece.y1, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
          const j = yy * width + xx;
          if (mask[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    pieces.push(piece);
  }
  return pieces;
}

export function merge(a: Piece, b: Piece): Piece {
  return {
    pixels: [...a.pixels, ...b.pixels],
    x0: Math.min(a.x0, b.x0),
    x1: Math.max(a.x1, b.x1),
    y0: Math.min(a.y0, b.y0),
    y1: Math.max(a.y1, b.y1),
  };
}

export function bounds(pixels: number[], width: number): Piece {
  const piece: Piece = { pixels, x0: Infinity, x1: -1, y0: Infinity, y1: -1 };
  for (const i of pixels) {
    const x = i % width;
    const y = (i - x) / width;
    piece.x0 = Math.min(piece.x0, x);
    piece.x1 = Math.max(piece.x1, x);
    piece.y0 = Math.min(piece.y0, y);
    piece.y1 = Math.max(piece.y1, y);
  }
  return piece;
}

/** Cuts `piece` at the columns given (absolute x), into parts of its own pixels. */
export function cut(piece: Piece, at: number[], width: number): Piece[] {
  const edges = [...at].sort((a, b) => a - b);
  const parts: number[][] = edges.map(() => []);
  parts.push([]);
  for (const i of piece.pixels) {
    const x = i % width;
    let k = 0;
    while (k < edges.length && x >= (edges[k] ?? 0)) k++;
    parts[k]?.push(i);
  }
  return parts.filter((p) => p.length > 0).map((p) => bounds(p, width));
}

/** Splits `piece` into `k` parts at the emptiest columns near the equal division points. */
export function split(piece: Piece, k: number, width: number): Piece[] {
  const span = piece.x1 - piece.x0 + 1;
  const projection = new Array<number>(span).fill(0);
  for (const i of piece.pixels) {
    const x = (i % width) - piece.x0;
    projection[x] = (projection[x] ?? 0) + 1;
  }
  const at: number[] = [];
  for (let j = 1; j < k; j++) {
    const ideal = Math.round((span * j) / k);
    const reach = Math.max(2, Math.floor(span / k / 3));
    let best = ideal;
    for (let x = Math.max(1, ideal - reach); x <= Math.min(span - 2, ideal + reach); x++) {
      if ((projection[x] ?? 0) < (projection[best] ?? 0)) best = x;
    }
    at.push(piece.x0 + best);
  }
  return cut(piece, at, width);
}
