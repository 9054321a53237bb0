/**
 * The sign-in phases' load generator: forms posted over kept-alive connections, each request from
 * its own address, with nothing else done per request.
 *
 * Why not autocannon here: its bound, raw argon2 (raw-argon2.ts), runs with no generator at all,
 * while the generator shares the service's two cores. autocannon rebuilt each request from an
 * object (`setupRequest`) and cost 0.6–0.8 ms of CPU per sign-in beside argon2, 4–5 % of a
 * verification, charged to the service. Here a request is its head's bytes, the address and the
 * body, and an answer is read only as far as its status and its length. The generator's own CPU
 * per sign-in is still measured and printed (pages.ts, `loadGenerator`).
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { countedFigure, type LoadFigure, type LoadSpec, nextAddress } from './load.js';

const HEAD_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('\r\n0\r\n\r\n');

/** The value of header `name` (lower case) in a response head, or null. */
function headerOf(head: string, name: string): string | null {
  const at = head.toLowerCase().indexOf(`\r\n${name}:`);
  if (at < 0) return null;
  const end = head.indexOf('\r\n', at + 2);
  return head.slice(at + name.length + 3, end < 0 ? undefined : end).trim();
}

/** How many bytes the answer starting at `buffered[0]` takes, or 0 while it is incomplete. */
function answerLength(buffered: Buffer): { length: number; status: number; close: boolean } | null {
  const headEnd = buffered.indexOf(HEAD_END);
  if (headEnd < 0) return null;
  const head = buffered.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const close = headerOf(head, 'connection')?.toLowerCase() === 'close';
  const bodyStart = headEnd + HEAD_END.length;
  const length = headerOf(head, 'content-length');
  if (length !== null) {
    const total = bodyStart + Number(length);
    return buffered.length >= total ? { length: total, status, close } : null;
  }
  if (headerOf(head, 'transfer-encoding')?.toLowerCase() === 'chunked') {
    const end = buffered.indexOf(CHUNKED_END, bodyStart - 2);
    return end < 0 ? null : { length: end + CHUNKED_END.length, status, close };
  }
  return { length: bodyStart, status, close };
}

/** `spec.connections` connections posting `spec`'s form for `spec.seconds`, each request from its own address. */
export async function postForms(spec: LoadSpec): Promise<LoadFigure> {
  const url = new URL(spec.url);
  const port = Number(url.port || 80);
  const fixed = Object.entries({ host: url.host, ...spec.headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const requestOf = (): Buffer => {
    const body = Buffer.from(spec.bodyOf?.() ?? spec.body ?? '');
    const head = `${spec.method ?? 'POST'} ${url.pathname}${url.search} HTTP/1.1\r\n${fixed}content-length: ${body.length}\r\nx-forwarded-for: ${nextAddress()}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head, 'latin1'), body]);
  };
  const latencies: number[] = [];
  const unexpected: Record<string, number> = {};
  let expected = 0;
  const start = performance.now();
  const end = start + spec.seconds * 1000;
  let finish: (() => void) | undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let open = spec.connections;
  const sockets = new Set<Socket>();

  const run = (): void => {
    const socket = connect({ host: url.hostname, port, noDelay: true });
    sockets.add(socket);
    let buffered: Buffer = Buffer.alloc(0);
    let sentAt = 0;
    const send = (): void => {
      if (performance.now() >= end) {
        socket.destroy();
        return;
      }
      sentAt = performance.now();
      socket.write(requestOf());
    };
    socket.on('connect', send);
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const answer = answerLength(buffered);
      if (!answer) return;
      buffered = buffered.subarray(answer.length);
      if (performance.now() <= end) {
        latencies.push(performance.now() - sentAt);
        if (answer.status === spec.expectedStatus) expected++;
        else unexpected[answer.status] = (unexpected[answer.status] ?? 0) + 1;
      }
      if (answer.close) socket.destroy();
      else send();
    });
    socket.on('error', () => {
      if (performance.now() <= end) unexpected.errors = (unexpected.errors ?? 0) + 1;
    });
    socket.on('close', () => {
      sockets.delete(socket);
      if (performance.now() < end) run();
      else if (--open === 0) finish?.();
    });
  };
  for (let i = 0; i < spec.connections; i++) run();
  // Answers still awaited at the end are not counted (as autocannon does): their sockets close.
  const timer = setTimeout(() => {
    for (const socket of sockets) socket.destroy();
  }, spec.seconds * 1000);
  await finished;
  clearTimeout(timer);
  const seconds = (Math.min(performance.now(), end) - start) / 1000;
  return countedFigure({
    expected,
    expectedStatus: spec.expectedStatus,
    seconds,
    unexpected,
    latencies,
    connections: spec.connections,
  });
}
