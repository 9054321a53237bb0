/** Walking the ESIA simulator's pages as a browser does, and a harness whose realms sign in through it. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkEsiaConfig, type EsiaRealmInput } from '../../src/esia/config.js';
import { SIM_PASSWORD } from '../../src/esia/sim/people.js';
import { type RunningSimulator, startSimulator } from '../../src/esia/sim/start.js';
import type { Harness } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'esia-sim-'));

/** Sign-in, SMS code, back: the address ESIA sends the browser to. */
export async function walkSimulator(sim: RunningSimulator, url: string, login: string): Promise<string> {
  const first = await fetch(url, { redirect: 'manual' });
  if (first.status === 302) return first.headers.get('location') as string;
  const auth = /name="auth" value="([^"]+)"/.exec(await first.text())?.[1] as string;
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${sim.url}${path}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields) });
  const page = await (await post('/sim/login', { auth, login, password: SIM_PASSWORD })).text();
  const code = /data-sms-code>(\d{6})</.exec(page)?.[1] as string;
  return (await post('/sim/code', { auth, code })).headers.get('location') as string;
}

/** The simulator on a free port, with the harness's clock, and the realms pointed at it. */
export async function simulatorFor(
  h: Harness,
  options: { slowMs?: number; timeoutMs?: number } = {},
): Promise<RunningSimulator> {
  const sim = await startSimulator({
    dir,
    host: '127.0.0.1',
    port: 0,
    propuskBaseUrl: 'https://propusk.test',
    realmIds: ['dnevnik', 'eljur'],
    showCode: true,
    now: () => h.clock.now(),
    ...(options.slowMs !== undefined ? { slowMs: options.slowMs } : {}),
  });
  configureEsia(h, sim, (v) => (options.timeoutMs ? { ...v, timeoutMs: options.timeoutMs } : v));
  return sim;
}

/** Points the harness's realms at `sim` again, each realm's settings changed by `change`. */
export function configureEsia(
  h: Harness,
  sim: RunningSimulator,
  change: (input: EsiaRealmInput) => EsiaRealmInput = (v) => v,
): void {
  const config = Object.fromEntries(Object.entries(sim.esiaConfig).map(([k, v]) => [k, change(v)]));
  const checked = checkEsiaConfig(config, 'https://propusk.test');
  assert.ok(checked.ok, checked.ok ? '' : checked.errors.join('\n'));
  h.services.esia.configure(checked.realms);
}

/** The ESIA address the start answers with: a 303 straight to ESIA's authorization page. */
export function esiaAddress(res: {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}): string {
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const location = res.headers.location;
  assert.ok(
    typeof location === 'string' && location.includes('/aas/oauth2/v2/ac?'),
    'the start goes to ESIA',
  );
  return location;
}

/** The compiled external signer of the tests (test/support/esia-signer-command.ts). */
export const SIGNER_SCRIPT = fileURLToPath(new URL('./esia-signer-command.js', import.meta.url));

/**
 * A realm's ESIA settings that sign through the external command instead of the key file
 * (`mode` as the script takes it; `command` replaces the whole command line).
 */
export function withSignerCommand(
  input: EsiaRealmInput,
  options: {
    mode?: string;
    order?: 'openssl' | 'cryptopro';
    output?: 'raw' | 'base64';
    command?: string[];
    timeoutMs?: number;
  } = {},
): EsiaRealmInput {
  const { key, ...rest } = input;
  const mode = options.mode ?? 'openssl';
  return {
    ...rest,
    signer: {
      command: options.command ?? [process.execPath, SIGNER_SCRIPT, key as string, mode],
      order: options.order ?? (mode === 'cryptopro' ? 'cryptopro' : 'openssl'),
      output: options.output ?? (mode === 'base64' ? 'base64' : 'raw'),
      timeoutMs: options.timeoutMs ?? 10_000,
    },
  };
}
