/**
 * A local HTTP SMS gateway for tests: the service's generic HTTP provider posts to it, and the
 * test reads what each phone received.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestSmsGateway {
  readonly url: string;
  readonly received: { readonly phone: string; readonly text: string }[];
  /** Config for `startHarness({ config })`. */
  readonly config: Record<string, string>;
  lastTo(phone: string): string | null;
  close(): Promise<void>;
}

export async function startSmsGateway(): Promise<TestSmsGateway> {
  const received: { phone: string; text: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      received.push({ phone: form.get('to') ?? '', text: form.get('text') ?? '' });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  return {
    url,
    received,
    config: {
      SMS_PROVIDER: 'http',
      SMS_HTTP_URL: url,
      SMS_HTTP_FIELDS: JSON.stringify({ to: '{{phone}}', text: '{{text}}' }),
      SMS_HTTP_SUCCESS_PATTERN: '"status":"ok"',
    },
    lastTo(phone) {
      return received.filter((r) => r.phone === phone).at(-1)?.text ?? null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
