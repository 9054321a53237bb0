// `propusk ncalayer-sim`: NCALayer's WebSocket protocol on 127.0.0.1 (ws, a configurable port;
// real NCALayer is wss://127.0.0.1:13579), the key dialog as a page on the same address, and
// the test PKI's CRL and OCSP responder over HTTP. The PKI is made at first start and kept in
// `dir` (roots.pem there is what a realm trusts in the demo).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { signCms } from './cms-sign.js';
import { dialogPage } from './dialog.js';
import { answerOcsp } from './ocsp-responder.js';
import { chainOf, KEY_PASSWORD, loadOrCreatePki, type TestPki } from './pki.js';
import {
  basicsError,
  cancelAnswer,
  GREETING,
  parseMessage,
  type SignRequest,
  signedAnswer,
} from './protocol.js';

export interface Simulator {
  readonly url: string;
  readonly wsUrl: string;
  readonly pki: TestPki;
  close(): Promise<void>;
}

interface Pending {
  readonly id: string;
  readonly origin: string;
  readonly request: SignRequest;
  readonly socket: WebSocket;
}

const MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-frame-options': 'DENY' });
  res.end(body);
}

export async function startSimulator(options: {
  readonly dir: string;
  readonly host?: string;
  readonly port: number;
}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const pending = new Map<string, Pending>();
  let pki: TestPki | undefined;

  function oldest(): Pending | undefined {
    return pending.values().next().value;
  }

  function answer(p: Pending, text: string): void {
    pending.delete(p.id);
    if (p.socket.readyState === p.socket.OPEN) p.socket.send(text);
  }

  async function onDialog(req: IncomingMessage, res: ServerResponse, ready: TestPki): Promise<void> {
    const body = await readBody(req);
    const form = new URLSearchParams(body ? body.toString('utf8') : '');
    const p = pending.get(form.get('id') ?? '');
    if (!p) {
      res.writeHead(303, { location: '/' });
      res.end();
      return;
    }
    if (form.get('action') === 'cancel') {
      answer(p, cancelAnswer(p.request));
    } else {
      const [family, id] = (form.get('key') ?? '').split(':');
      const key = ready.keys.find((k) => k.family === family && k.id === id);
      if (!key)
        return send(res, 400, 'text/html; charset=utf-8', dialogPage(p, ready.keys, 'Выберите ключ.'));
      if (form.get('password') !== KEY_PASSWORD)
        return send(res, 400, 'text/html; charset=utf-8', dialogPage(p, ready.keys, 'Неправильный пароль'));
      const cms = p.request.data.map((data) =>
        signCms(key.key, key.certificate, chainOf(ready, key.family), data, {
          attached: p.request.attached,
          signedAttributes: true,
          signingTime: new Date(),
        }),
      );
      answer(p, signedAnswer(p.request, cms));
    }
    res.writeHead(303, { location: '/' });
    res.end();
  }

  const server: Server = createServer((req, res) => {
    const ready = pki;
    if (!ready) return send(res, 503, 'text/plain', 'starting');
    const url = new URL(req.url ?? '/', 'http://sim');
    if (req.method === 'GET' && url.pathname === '/')
      return send(res, 200, 'text/html; charset=utf-8', dialogPage(oldest(), ready.keys));
    if (req.method === 'POST' && url.pathname === '/dialog') return void onDialog(req, res, ready);
    if (req.method === 'GET' && url.pathname === '/roots.pem')
      return send(res, 200, 'application/x-pem-file', ready.rootsPem);
    for (const f of ready.families) {
      if (req.method === 'GET' && url.pathname === `/crl/${f.family}.crl`)
        return send(res, 200, 'application/pkix-crl', f.crl);
      if (req.method === 'POST' && url.pathname === `/ocsp/${f.family}`) {
        void readBody(req).then((body) =>
          body
            ? send(
                res,
                200,
                'application/ocsp-response',
                answerOcsp(new Uint8Array(body), [f.authority], new Date()),
              )
            : send(res, 413, 'text/plain', 'too large'),
        );
        return;
      }
    }
    send(res, 404, 'text/plain', 'not found');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const wss = new WebSocketServer({ server, maxPayload: 2 * 1024 * 1024 });
  wss.on('connection', (socket, req) => {
    const origin = String(req.headers.origin ?? 'неизвестный сайт');
    socket.send(GREETING);
    socket.on('message', (raw) => {
      const parsed = parseMessage(raw.toString());
      if (parsed.kind !== 'sign') return void socket.send(parsed.answer);
      if ([...pending.values()].some((p) => p.socket === socket))
        return void socket.send(basicsError('one request at a time'));
      const id = randomBytes(9).toString('base64url');
      pending.set(id, { id, origin, request: parsed.request, socket });
    });
    socket.on('close', () => {
      for (const p of pending.values()) if (p.socket === socket) pending.delete(p.id);
    });
  });

  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${String(port)}`;
  pki = loadOrCreatePki(options.dir, url);
  return {
    url,
    wsUrl: `ws://${host}:${String(port)}/`,
    pki,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}
