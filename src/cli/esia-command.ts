/**
 * ESIA at start: `serve` reads and checks ESIA_CONFIG (one line per bad value, exit code 2, as
 * for the rest of the configuration); `demo` starts the ESIA simulator next to the service and
 * points the demo realms at it; `propusk esia-sim` runs the simulator alone and writes the
 * ESIA_CONFIG that reaches it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { checkEsiaConfig, loadEsiaConfig } from '../esia/config.js';
import { type RunningSimulator, startSimulator } from '../esia/sim/start.js';
import type { Services } from '../services.js';

export const ESIA_USAGE = `  esia-sim [--port N] [--host H] [--dir D] [--base-url URL] [--realms a,b]
                                Run the ESIA (Gosuslugi) simulator; it makes its test keys in
                                --dir at first start and writes there the ESIA_CONFIG that
                                points Propusk's realms at it.`;

export class EsiaStartError extends Error {}

/** Configures each realm's ESIA client from ESIA_CONFIG, or throws with every bad value. */
export function configureEsia(services: Services, config: Config): void {
  if (!config.esiaConfigPath) return;
  const result = loadEsiaConfig(config.esiaConfigPath, config.baseUrl);
  if (!result.ok)
    throw new EsiaStartError(`invalid ESIA configuration:\n${result.errors.map((e) => `  ${e}`).join('\n')}`);
  services.esia.configure(result.realms);
}

/** The demo's simulator on `port`, the demo realms pointed at it (unless ESIA_CONFIG is set). */
export async function startDemoEsia(
  services: Services,
  config: Config,
  port: number,
): Promise<RunningSimulator | null> {
  if (config.esiaConfigPath) {
    configureEsia(services, config);
    return null;
  }
  const realmIds = ['dnevnik', 'eljur'];
  const sim = await startSimulator({
    dir: 'var/esia-sim',
    host: config.host,
    port,
    propuskBaseUrl: config.baseUrl,
    realmIds,
    showCode: true,
  });
  const checked = checkEsiaConfig(sim.esiaConfig, config.baseUrl);
  if (!checked.ok) throw new EsiaStartError(checked.errors.join('\n'));
  services.esia.configure(checked.realms);
  return sim;
}

export async function esiaSimCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '8090' },
      host: { type: 'string', default: '127.0.0.1' },
      dir: { type: 'string', default: 'var/esia-sim' },
      'base-url': { type: 'string', default: 'http://127.0.0.1:8080' },
      realms: { type: 'string', default: 'dnevnik,eljur' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new EsiaStartError('--port must be a port number');
  const sim = await startSimulator({
    dir: values.dir,
    host: values.host,
    port,
    propuskBaseUrl: values['base-url'].replace(/\/+$/, ''),
    realmIds: values.realms.split(',').filter(Boolean),
    showCode: true,
  });
  const file = join(values.dir, 'esia-config.json');
  writeFileSync(file, `${JSON.stringify(sim.esiaConfig, null, 2)}\n`);
  process.stderr.write(`propusk: ESIA simulator at ${sim.url}/ — start Propusk with ESIA_CONFIG=${file}\n`);
}
