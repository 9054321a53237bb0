import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { certificatesFromPem } from '../signature/chain.js';
import { httpFetchBytes, revocationChecker } from '../signature/revocation.js';
import { verifySignature } from '../signature/verify.js';
import { type Simulator, startSimulator } from './server.js';

let sim: Simulator;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ncalayer-sim-'));
  sim = await startSimulator({ dir, port: 0 });
});
after(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A socket with its frames queued, so none is missed between awaits. */
async function connect(): Promise<{ ws: WebSocket; next(): Promise<unknown> }> {
  const ws = new WebSocket(sim.wsUrl, { headers: { origin: 'http://site.test' } });
  const frames: string[] = [];
  const waiters: ((s: string) => void)[] = [];
  ws.on('message', (data) => {
    const text = data.toString();
    const waiter = waiters.shift();
    if (waiter) waiter(text);
    else frames.push(text);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    next: () =>
      new Promise((resolve) => {
        const queued = frames.shift();
        if (queued !== undefined) resolve(JSON.parse(queued));
        else waiters.push((s) => resolve(JSON.parse(s)));
      }),
  };
}

async function pendingId(): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const page = await (await fetch(`${sim.url}/`)).text();
    const match = /name="id" value="([^"]+)"/.exec(page);
    if (match?.[1]) return match[1];
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no request reached the dialog');
}

async function dialog(fields: Record<string, string>): Promise<Response> {
  return fetch(`${sim.url}/dialog`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
}

const challenge = 'Y2hhbGxlbmdlLTEyMzQ1Njc4OTA='; // base64 of "challenge-1234567890"

function basicsSign(): string {
  return JSON.stringify({
    module: 'kz.gov.pki.knca.basics',
    method: 'sign',
    args: {
      allowedStorages: ['PKCS12'],
      format: 'cms',
      data: challenge,
      signingParams: { decode: true, encapsulate: true },
      signerParams: { extKeyUsageOids: ['1.3.6.1.5.5.7.3.2'] },
      locale: 'ru',
    },
  });
}

test('greeting, basics.sign answered with a PEM CMS that verifies over real HTTP (OCSP) against roots.pem', async () => {
  const { ws, next } = await connect();
  assert.deepEqual(await next(), { result: { version: '1.4' } });
  ws.send(basicsSign());
  const id = await pendingId();
  const page = await (await fetch(`${sim.url}/`)).text();
  assert.match(page, /http:\/\/site\.test/);
  assert.match(page, /challenge-1234567890/);
  const wrong = await dialog({ id, key: 'gost:individual', password: 'nope', action: 'sign' });
  assert.equal(wrong.status, 400);
  assert.match(await wrong.text(), /Неправильный пароль/);
  assert.equal(
    (await dialog({ id, key: 'gost:individual', password: 'Qwerty12', action: 'sign' })).status,
    303,
  );
  const answer = (await next()) as { status: boolean; body: { result: string } };
  assert.equal(answer.status, true);
  assert.match(answer.body.result, /^-----BEGIN CMS-----/);
  const roots = certificatesFromPem(readFileSync(join(dir, 'roots.pem'), 'utf8'));
  assert.equal(roots.length, 4, 'RSA, GOST-512, GOST-256 and GOST-2004 roots');
  const verdict = await verifySignature(
    revocationChecker(httpFetchBytes),
    answer.body.result,
    { trust: { roots, intermediates: [] }, revocation: 'required', sources: ['ocsp'] },
    { content: Buffer.from(challenge, 'base64'), purpose: 'auth', now: Date.now() },
  );
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.reason);
  assert.equal(verdict.signature.revocation, 'good');
  ws.close();
});

test('cancel in the dialog: basics answers {status:true, body:{}}; commonUtils "action.canceled"', async () => {
  const { ws, next } = await connect();
  await next();
  ws.send(basicsSign());
  await dialog({ id: await pendingId(), action: 'cancel' });
  assert.deepEqual(await next(), { status: true, body: {} });
  ws.send(
    JSON.stringify({
      module: 'kz.gov.pki.knca.commonUtils',
      method: 'createCAdESFromBase64',
      args: ['PKCS12', 'AUTHENTICATION', challenge, true],
    }),
  );
  await dialog({ id: await pendingId(), action: 'cancel' });
  assert.deepEqual(await next(), { code: '500', message: 'action.canceled' });
  ws.close();
});

test('commonUtils.createCAdESFromBase64 signs (bare base64); bad requests get NCALayer-shaped errors', async () => {
  const { ws, next } = await connect();
  await next();
  ws.send(
    JSON.stringify({
      module: 'kz.gov.pki.knca.commonUtils',
      method: 'createCAdESFromBase64',
      args: ['PKCS12', 'AUTHENTICATION', challenge, true],
    }),
  );
  await dialog({ id: await pendingId(), key: 'rsa:employee', password: 'Qwerty12', action: 'sign' });
  const answer = (await next()) as { code: string; responseObject: string };
  assert.equal(answer.code, '200');
  assert.match(answer.responseObject, /^[A-Za-z0-9+/]+=*$/);
  ws.send('{not json');
  assert.equal(((await next()) as { status: boolean }).status, false);
  ws.send(JSON.stringify({ module: 'kz.gov.pki.knca.nothing', method: 'x' }));
  assert.equal(((await next()) as { code: string }).code, 'INVOCATION_ERROR');
  ws.close();
});

test('the CRL is served and the PKI is kept: a second start reads the same roots', async () => {
  const crl = await fetch(`${sim.url}/crl/rsa.crl`);
  assert.equal(crl.status, 200);
  assert.ok((await crl.arrayBuffer()).byteLength > 100);
  const before = readFileSync(join(dir, 'pki.json'), 'utf8');
  const again = await startSimulator({ dir, port: Number(new URL(sim.url).port) + 0 }).catch(() => null);
  // The port is taken by the first one; a start on it fails cleanly and leaves the files alone.
  assert.equal(again, null);
  assert.equal(readFileSync(join(dir, 'pki.json'), 'utf8'), before);
});
