/**
 * Load against a running server with autocannon, as fast as possible (`load`; requests at an
 * even rate are even-rate.ts), and what came back: the expected answers per second, every other answer by
 * status, latency percentiles.
 */
import autocannon from 'autocannon';
import { sleep } from './machine.js';

const WARMUP_SECONDS = 2;
/** Lets requests cut off at the end of a run finish before the next one starts. */
const SETTLE_MS = 500;

export interface LoadFigure {
  /** Responses with the expected status. */
  readonly expected: number;
  readonly expectedStatus: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Every other answer: status code → count, plus connection errors and timeouts. */
  readonly unexpected: Readonly<Record<string, number>>;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly connections: number;
}

/** The nearest-rank percentile `p` of ascending `sorted` (0 when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export const oneDecimal = (ms: number): number => Math.round(ms * 10) / 10;

/** A figure from what our own generators counted (form-posts.ts, even-rate.ts); sorts `latencies`. */
export function countedFigure(counted: {
  readonly expected: number;
  readonly expectedStatus: number;
  readonly seconds: number;
  readonly unexpected: Readonly<Record<string, number>>;
  readonly latencies: number[];
  readonly connections: number;
}): LoadFigure {
  const sorted = counted.latencies.sort((a, b) => a - b);
  return {
    expected: counted.expected,
    expectedStatus: counted.expectedStatus,
    seconds: counted.seconds,
    perSecond: counted.expected / counted.seconds,
    unexpected: counted.unexpected,
    latencyMs: {
      p50: oneDecimal(percentile(sorted, 50)),
      p99: oneDecimal(percentile(sorted, 99)),
      max: oneDecimal(sorted.at(-1) ?? 0),
    },
    connections: counted.connections,
  };
}

export interface LoadSpec {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly connections: number;
  readonly seconds: number;
  readonly expectedStatus: number;
  /**
   * Each request from its own X-Forwarded-For address, as people signing in come from their
   * own: sign-in counts every attempt before argon2 per login and address, and one address
   * sending the same person's sign-in eight at a time would be slowed down like a guesser.
   */
  readonly ownAddresses?: boolean;
  /** Each request's own body (with `ownAddresses`): sign-ins of many people. */
  readonly bodyOf?: () => string;
}

let addresses = 0;

/** A fresh address for each request (10.128.0.0/9, apart from the fixed-rate phases' 10.0/9). */
export function nextAddress(): string {
  const i = addresses++;
  return `10.${128 + ((i >> 16) & 127)}.${(i >> 8) & 255}.${i & 255}`;
}

export function figureOf(result: autocannon.Result, expectedStatus: number, connections: number): LoadFigure {
  let expected = 0;
  const unexpected: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    const count = stat.count ?? 0;
    if (Number(code) === expectedStatus) expected += count;
    else if (count > 0) unexpected[code] = count;
  }
  // `errors` already includes timeouts; list timeouts apart only as a detail.
  if (result.errors > 0) unexpected.errors = result.errors;
  if (result.timeouts > 0) unexpected.timeouts = result.timeouts;
  return {
    expected,
    expectedStatus,
    seconds: result.duration,
    perSecond: expected / result.duration,
    unexpected,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    connections,
  };
}

export async function load(spec: LoadSpec): Promise<LoadFigure> {
  const method = spec.method ?? 'GET';
  const result = await autocannon({
    url: spec.url,
    method,
    headers: spec.headers ?? {},
    ...(spec.body === undefined ? {} : { body: spec.body }),
    ...(spec.ownAddresses
      ? {
          requests: [
            {
              method,
              setupRequest: (request) => ({
                ...request,
                method,
                headers: { ...spec.headers, 'x-forwarded-for': nextAddress() },
                ...(spec.bodyOf
                  ? { body: spec.bodyOf() }
                  : spec.body === undefined
                    ? {}
                    : { body: spec.body }),
              }),
            },
          ],
        }
      : {}),
    connections: spec.connections,
    duration: spec.seconds,
  });
  return figureOf(result, spec.expectedStatus, spec.connections);
}

/**
 * A discarded run first (JIT, page cache, connection set-up), then the measured one. With
 * `cpuMicros` (the server's CPU time so far), the server's CPU per expected answer too: on a
 * machine shared with other work it moves far less than the rate does. `generator` is autocannon
 * unless given (form-posts.ts for sign-ins).
 */
export async function warmThenLoad(
  spec: LoadSpec,
  cpuMicros?: () => number,
  generator: (spec: LoadSpec) => Promise<LoadFigure> = load,
): Promise<LoadFigure & { readonly serverCpuMicrosEach?: number }> {
  await generator({ ...spec, seconds: WARMUP_SECONDS });
  await sleep(SETTLE_MS);
  const before = cpuMicros?.() ?? 0;
  const figure = await generator(spec);
  const used = (cpuMicros?.() ?? 0) - before;
  await sleep(SETTLE_MS);
  return cpuMicros && used > 0
    ? { ...figure, serverCpuMicrosEach: used / Math.max(1, figure.expected) }
    : figure;
}

export function rate(value: number): string {
  return `${value.toLocaleString('en-US', { maximumFractionDigits: value < 100 ? 1 : 0 })} /s`;
}

export function unexpectedText(figure: { readonly unexpected: Readonly<Record<string, number>> }): string {
  const entries = Object.entries(figure.unexpected);
  return entries.length === 0 ? '' : `  unexpected: ${entries.map(([k, v]) => `${k}×${v}`).join(', ')}`;
}

export function detailLine(name: string, f: LoadFigure): string {
  return `${name.padEnd(10)}${f.expected} × ${f.expectedStatus} in ${f.seconds.toFixed(1)} s, p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms, max ${f.latencyMs.max} ms${unexpectedText(f)}`;
}
