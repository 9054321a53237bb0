/**
 * Requests at an even rate, whether or not earlier answers have come back (an open loop): the
 * i-th request is due at `start + i / rate`, and its latency counts from that moment, so a
 * server that stalls is charged for every request it kept waiting — also those the generator
 * could only send late, or that waited for a free socket.
 *
 * Why not autocannon's `overallRate`: it gives each connection a quota per second and sends the
 * quota back to back at the start of every second, so "200 requests/s over 20 connections" is a
 * burst of 200 every second, 20 at a time; and it corrects for coordinated omission with an
 * expected interval of `ceil(1 / per-connection rate)` ms — 1 ms at 10/s per connection — which
 * adds a synthetic sample for every millisecond of a slow answer. Both inflate the tail, and
 * with more connections than the rate (the rush) a connection's rate rounds down to 0, which
 * autocannon reads as "no limit".
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { countedFigure, type LoadFigure, oneDecimal, percentile } from './load.js';

export interface EvenRateSpec {
  readonly url: string;
  /** Requests per second. */
  readonly rate: number;
  /** Requests in all: the run lasts `amount / rate` seconds plus the last answers. */
  readonly amount: number;
  /** Sockets at most; a request due while all are busy waits for one (and its latency shows it). */
  readonly connections: number;
  readonly expectedStatus: number;
  /** The i-th request: method POST with these headers and body. */
  readonly request: (i: number) => { readonly headers: Record<string, string>; readonly body: string };
  /** Every answer's status and headers, as it arrives. */
  readonly onResponse?: (status: number, headers: IncomingHttpHeaders) => void;
  /** Answers slower than this count as timeouts (seconds; 10 by default). */
  readonly timeoutSeconds?: number;
}

export interface EvenRateFigure extends LoadFigure {
  /** How late the generator itself sent its requests, p99 (ms): its own share of the latency. */
  readonly sentLateP99Ms: number;
}

export function atEvenRate(spec: EvenRateSpec): Promise<EvenRateFigure> {
  const url = new URL(spec.url);
  const agent = new Agent({
    keepAlive: true,
    maxSockets: spec.connections,
    maxFreeSockets: spec.connections,
  });
  const interval = 1000 / spec.rate;
  const timeoutMs = (spec.timeoutSeconds ?? 10) * 1000;
  const latencies: number[] = [];
  const sentLate: number[] = [];
  const unexpected: Record<string, number> = {};
  let expected = 0;
  let finished = 0;
  let sent = 0;
  const start = performance.now();

  return new Promise((resolve) => {
    const count = (key: string): void => {
      unexpected[key] = (unexpected[key] ?? 0) + 1;
    };
    const done = (): void => {
      finished++;
      if (finished < spec.amount) return;
      agent.destroy();
      const seconds = (performance.now() - start) / 1000;
      sentLate.sort((a, b) => a - b);
      const counted = { expectedStatus: spec.expectedStatus, connections: spec.connections };
      resolve({
        ...countedFigure({ ...counted, expected, seconds, unexpected, latencies }),
        sentLateP99Ms: oneDecimal(percentile(sentLate, 99)),
      });
    };

    const fire = (i: number): void => {
      const due = start + i * interval;
      sentLate.push(performance.now() - due);
      const { headers, body } = spec.request(i);
      let settled = false;
      const settle = (outcome: number | 'errors' | 'timeouts'): void => {
        if (settled) return;
        settled = true;
        if (outcome === spec.expectedStatus) expected++;
        else count(String(outcome));
        // Every answer's latency counts, from the moment the request was due.
        if (typeof outcome === 'number') latencies.push(performance.now() - due);
        done();
      };
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          spec.onResponse?.(res.statusCode ?? 0, res.headers);
          res.resume();
          res.on('end', () => settle(res.statusCode ?? 0));
          res.on('error', () => settle('errors'));
        },
      );
      req.setTimeout(timeoutMs, () => {
        settle('timeouts');
        req.destroy();
      });
      req.on('error', () => settle('errors'));
      req.end(body);
    };

    const tick = (): void => {
      const now = performance.now();
      while (sent < spec.amount && start + sent * interval <= now) fire(sent++);
      if (sent < spec.amount) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
}
