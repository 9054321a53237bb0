/** Walking the ESIA simulator's pages as a browser does, and a harness whose realms sign in through it. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkEsiaConfig } from '../../src/esia/config.js';
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
  const config = Object.fromEntries(
    Object.entries(sim.esiaConfig).map(([k, v]) => [
      k,
      options.timeoutMs ? { ...v, timeoutMs: options.timeoutMs } : v,
    ]),
  );
  const checked = checkEsiaConfig(config, 'https://propusk.test');
  assert.ok(checked.ok);
  h.services.esia.configure(checked.realms);
  return sim;
}

/** The ESIA address the page «Переход на портал госуслуг» goes on to. */
export function esiaAddress(res: { statusCode: number; body: string }): string {
  assert.equal(res.statusCode, 200);
  const href = /href="([^"]+)" data-esia-href/.exec(res.body)?.[1];
  assert.ok(href, 'the page links to ESIA');
  return href.replaceAll('&amp;', '&');
}
