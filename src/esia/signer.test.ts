/**
 * The external signer command, run as a real process (test/support/esia-signer-command.ts,
 * signing with core/gost): in each byte order and output form its client_secret is accepted by
 * the simulator through a whole sign-in and token exchange; a command that is missing, exits
 * non-zero, hangs, writes garbage or too little, or does not read its input is a `signer`
 * failure with the reason for the operator's log — never a throw.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { walkSimulator, withSignerCommand } from '../../test/support/esia.js';
import { esiaClient } from './client.js';
import { checkEsiaConfig, type EsiaRealmInput } from './config.js';
import { type RunningSimulator, startSimulator } from './sim/start.js';

const BASE = 'https://propusk.test';
let sim: RunningSimulator;

before(async () => {
  sim = await startSimulator({
    dir: mkdtempSync(join(tmpdir(), 'esia-signer-')),
    host: '127.0.0.1',
    port: 0,
    propuskBaseUrl: BASE,
    realmIds: ['dnevnik'],
    showCode: true,
  });
});
after(() => sim.close());

function clientWith(input: EsiaRealmInput) {
  const checked = checkEsiaConfig({ dnevnik: input }, BASE);
  assert.ok(checked.ok, checked.ok ? '' : checked.errors.join('\n'));
  const config = checked.realms.get('dnevnik');
  assert.ok(config);
  assert.equal(config.signer.kind, 'command');
  return esiaClient(config);
}

test('a signer command in the openssl order, the CryptoPro order and base64: ESIA accepts a whole sign-in', async () => {
  for (const mode of ['openssl', 'cryptopro', 'base64']) {
    const client = clientWith(withSignerCommand(sim.esiaConfig.dnevnik as EsiaRealmInput, { mode }));
    const url = await client.authorizationUrl({ state: `s-${mode}`, nonce: 'n', now: Date.now() });
    assert.ok(url.ok, mode);
    const back = new URL(await walkSimulator(sim, url.value, 'standard'));
    assert.equal(back.searchParams.get('error_description'), null, `${mode}: ${back.search}`);
    assert.equal(back.searchParams.get('state'), `s-${mode}`);
    const tokens = await client.exchangeCode({
      code: back.searchParams.get('code') as string,
      nonce: 'n',
      now: Date.now(),
    });
    assert.ok(tokens.ok, `${mode}: ${JSON.stringify(tokens)}`);
    assert.equal(tokens.value.oid, '1000000001');
  }
});

test('a declared order that is not the one written is caught before ESIA sees it', async () => {
  const input = withSignerCommand(sim.esiaConfig.dnevnik as EsiaRealmInput, {
    mode: 'cryptopro',
    order: 'openssl',
  });
  const url = await clientWith(input).authorizationUrl({ state: 's', nonce: 'n', now: Date.now() });
  assert.equal(url.ok, false);
  assert.match(url.ok ? '' : JSON.stringify(url.failure), /does not verify with our certificate/);
});

test('broken signer commands are a signer failure with the reason, not a throw', async () => {
  const dnevnik = sim.esiaConfig.dnevnik as EsiaRealmInput;
  const cases: [Parameters<typeof withSignerCommand>[1], RegExp][] = [
    [{ command: ['/nonexistent/opt/cprocsp/bin/csptest', '-sfsign'] }, /was not found/],
    [{ mode: 'exit' }, /exited with code 3: csptest: key container not found/],
    [{ mode: 'sleep', timeoutMs: 300 }, /did not finish within 300 ms/],
    [{ mode: 'garbage' }, /does not verify with our certificate/],
    [{ mode: 'short' }, /wrote 10 bytes, not a 64-byte signature/],
    [{ mode: 'deaf' }, /wrote 0 bytes/],
    [{ mode: 'openssl', output: 'base64' }, /bytes, not a 64-byte signature/],
  ];
  for (const [options, reason] of cases) {
    const client = clientWith(withSignerCommand(dnevnik, options));
    const started = Date.now();
    const url = await client.authorizationUrl({ state: 's', nonce: 'n', now: Date.now() });
    assert.equal(url.ok, false, JSON.stringify(options));
    if (url.ok) continue;
    assert.equal(url.failure.kind, 'signer');
    assert.match(url.failure.kind === 'signer' ? url.failure.reason : '', reason, JSON.stringify(options));
    assert.ok(Date.now() - started < 5000, 'a hanging command is killed at its timeout');
    const tokens = await client.exchangeCode({ code: 'c', nonce: 'n', now: Date.now() });
    assert.equal(tokens.ok ? 'ok' : tokens.failure.kind, 'signer');
  }
});
