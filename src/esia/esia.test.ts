/**
 * The ESIA client against the simulator over real HTTP: the client_secret we sign verifies
 * with the registered certificate (sign → verify round trip), the simulator refuses each bad
 * request with ESIA's code, tokens are checked (signature, audience, expiry), and the person
 * resource is read or refused (timeout, 500, a SNILS with a wrong check digit).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type EsiaClient, esiaClient } from './client.js';
import { checkEsiaConfig, type EsiaRealmConfig } from './config.js';
import { type RunningSimulator, startSimulator } from './sim/start.js';

let sim: RunningSimulator;
let client: EsiaClient;
let config: EsiaRealmConfig;
const dir = mkdtempSync(join(tmpdir(), 'esia-sim-'));
const BASE = 'https://propusk.test';

before(async () => {
  sim = await startSimulator({
    dir,
    host: '127.0.0.1',
    port: 0,
    propuskBaseUrl: BASE,
    realmIds: ['dnevnik'],
    showCode: true,
    slowMs: 1500,
  });
  const checked = checkEsiaConfig({ dnevnik: { ...sim.esiaConfig.dnevnik, timeoutMs: 700 } }, BASE);
  assert.ok(checked.ok, checked.ok ? '' : checked.errors.join('\n'));
  config = checked.realms.get('dnevnik') as EsiaRealmConfig;
  client = esiaClient(config);
});
after(() => sim.close());

/** The signed authorization address (our in-process signer cannot fail). */
async function authUrl(input: { state: string; nonce: string; now: number }): Promise<string> {
  const url = await client.authorizationUrl(input);
  assert.ok(url.ok);
  return url.value;
}

/** Walks the simulator's pages as a browser would; returns the callback address. */
async function signInAt(url: string, login: string): Promise<URL> {
  const first = await fetch(url, { redirect: 'manual' });
  if (first.status === 302) return new URL(first.headers.get('location') as string);
  const auth = /name="auth" value="([^"]+)"/.exec(await first.text())?.[1] as string;
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${sim.url}${path}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields) });
  const codePage = await (await post('/sim/login', { auth, login, password: 'Gosuslugi-2026' })).text();
  const code = /data-sms-code>(\d{6})</.exec(codePage)?.[1] as string;
  assert.ok(code, 'the SMS code is shown on the page');
  const back = await post('/sim/code', { auth, code });
  assert.equal(back.status, 302);
  return new URL(back.headers.get('location') as string);
}

async function tokensFor(login: string, nonce = 'n-1') {
  const callback = await signInAt(await authUrl({ state: 'st-1', nonce, now: Date.now() }), login);
  assert.equal(callback.searchParams.get('state'), 'st-1');
  return client.exchangeCode({ code: callback.searchParams.get('code') as string, nonce, now: Date.now() });
}

test('sign → verify: our client_secret is accepted, the tokens verify and the person is read', async () => {
  const url = new URL(await authUrl({ state: 's', nonce: 'n', now: Date.now() }));
  assert.equal(url.pathname, '/aas/oauth2/v2/ac');
  assert.match(url.searchParams.get('client_certificate_hash') as string, /^[0-9A-F]{64}$/);
  assert.match(url.searchParams.get('timestamp') as string, /^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}:\d{2} \+0000$/);
  const tokens = await tokensFor('standard');
  assert.ok(tokens.ok, JSON.stringify(tokens));
  assert.equal(tokens.value.oid, '1000000001');
  const person = await client.person(tokens.value);
  assert.ok(person.ok);
  assert.equal(person.value.snils, '20030040048');
  assert.equal(person.value.level, 'standard');
  assert.equal(person.value.birthDate, '1985-03-10');
});

test('RS256 tokens of the older ESIA key verify too', async () => {
  const tokens = await tokensFor('rsa');
  assert.ok(tokens.ok, JSON.stringify(tokens));
});

test('levels: confirmed, simplified, child', async () => {
  for (const [login, level] of [
    ['confirmed', 'confirmed'],
    ['simplified', 'simplified'],
    ['minor', 'simplified'],
  ] as const) {
    const tokens = await tokensFor(login);
    assert.ok(tokens.ok);
    const person = await client.person(tokens.value);
    assert.ok(person.ok);
    assert.equal(person.value.level, level, login);
  }
});

test('tokens that fail their checks are refused with the reason', async () => {
  const cases = [
    ['tampered-token', 'bad-signature'],
    ['other-key', 'bad-signature'],
    ['wrong-aud', 'wrong-audience'],
    ['expired-token', 'expired'],
  ] as const;
  for (const [login, problem] of cases) {
    const tokens = await tokensFor(login);
    assert.deepEqual(tokens, { ok: false, failure: { kind: 'token', problem } }, login);
  }
});

test('a nonce other than ours is refused', async () => {
  const callback = await signInAt(await authUrl({ state: 's', nonce: 'mine', now: Date.now() }), 'standard');
  const tokens = await client.exchangeCode({
    code: callback.searchParams.get('code') as string,
    nonce: 'other',
    now: Date.now(),
  });
  assert.deepEqual(tokens, { ok: false, failure: { kind: 'token', problem: 'wrong-nonce' } });
});

test('a code is single use: the second exchange gets ESIA-007011', async () => {
  const callback = await signInAt(await authUrl({ state: 's', nonce: 'n', now: Date.now() }), 'standard');
  const code = callback.searchParams.get('code') as string;
  assert.ok((await client.exchangeCode({ code, nonce: 'n', now: Date.now() })).ok);
  const again = await client.exchangeCode({ code, nonce: 'n', now: Date.now() });
  assert.equal(!again.ok && again.failure.kind === 'esia' ? again.failure.code : null, 'ESIA-007011');
});

test('the person resource: a timeout, a 500 and a SNILS with a wrong check digit are failures, not exceptions', async () => {
  for (const [login, kind] of [
    ['person-timeout', 'timeout'],
    ['person-500', 'bad-response'],
    ['bad-snils', 'bad-data'],
  ] as const) {
    const tokens = await tokensFor(login);
    assert.ok(tokens.ok);
    const person = await client.person(tokens.value);
    assert.equal(person.ok ? 'ok' : person.failure.kind, kind, login);
  }
});

test('the simulator refuses a stale timestamp (ESIA-007015) and a foreign signature (ESIA-007053)', async () => {
  const stale = await signInAt(
    await authUrl({ state: 's', nonce: 'n', now: Date.now() - 3_600_000 }),
    'standard',
  );
  assert.match(stale.searchParams.get('error_description') as string, /^ESIA-007015/);
  const url = new URL(await authUrl({ state: 's', nonce: 'n', now: Date.now() }));
  url.searchParams.set('state', 'changed-after-signing');
  const forged = await signInAt(url.toString(), 'standard');
  assert.match(forged.searchParams.get('error_description') as string, /^ESIA-007053/);
  assert.equal(forged.searchParams.get('state'), 'changed-after-signing');
  url.searchParams.set('client_certificate_hash', '00'.repeat(32));
  const hash = await signInAt(url.toString(), 'standard');
  assert.match(hash.searchParams.get('error_description') as string, /^ESIA-007053/);
  url.searchParams.set('redirect_uri', 'https://evil.example/cb');
  const page = await fetch(url, { redirect: 'manual' });
  assert.equal(page.status, 400);
  assert.match(await page.text(), /ESIA-007023/);
});

test('the logout address goes to ESIA with redirect_url', () => {
  const url = new URL(client.logoutUrl(`${BASE}/r/dnevnik/login`));
  assert.equal(url.pathname, '/idp/ext/Logout');
  assert.equal(url.searchParams.get('redirect_url'), `${BASE}/r/dnevnik/login`);
});

test('configuration: one line per bad value', () => {
  const bad = join(dir, 'not-a-cert.pem');
  writeFileSync(bad, 'hello');
  const result = checkEsiaConfig(
    {
      dnevnik: { ...sim.esiaConfig.dnevnik, certificate: bad, esiaCertificates: [join(dir, 'missing.cer')] },
      eljur: { host: 'ftp://x', clientId: 'bad id!', certificate: bad, esiaCertificates: [] },
      recycle: { ...sim.esiaConfig.dnevnik, key: sim.pki.esiaGostCertPath },
    },
    BASE,
  );
  assert.equal(result.ok, false);
  const errors = result.ok ? [] : result.errors;
  assert.ok(
    errors.some((e) => e.startsWith('dnevnik.certificate:') && e.includes('not an X.509')),
    errors.join('\n'),
  );
  assert.ok(errors.some((e) => e.startsWith('dnevnik.esiaCertificates.0: cannot read')));
  assert.ok(errors.some((e) => e.startsWith('eljur.host:')));
  assert.ok(errors.some((e) => e.startsWith('eljur.clientId:')));
  assert.ok(errors.some((e) => e.startsWith('eljur.esiaCertificates:')));
  assert.ok(errors.some((e) => e.startsWith('recycle.key:')));
});
