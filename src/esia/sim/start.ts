/**
 * Starting the simulator: its test PKI (made at first start in `dir`), our system registered
 * with its certificate and the callback of every realm, and the ESIA configuration Propusk
 * uses to talk to it — the same shape an operator writes in ESIA_CONFIG.
 */
import type { FastifyInstance } from 'fastify';
import { DEFAULT_SCOPES, type EsiaRealmInput } from '../config.js';
import { buildSimulator } from './app.js';
import { ensureSimPki, type SimPki } from './pki.js';
import { registerClient } from './protocol.js';

export const SIM_CLIENT_ID = 'PROPUSK_TEST';
export const SIM_ISSUER = 'http://esia-simulator.propusk.local/';

export interface SimulatorOptions {
  readonly dir: string;
  readonly host: string;
  readonly port: number;
  /** Propusk's BASE_URL and the realms whose callbacks are registered. */
  readonly propuskBaseUrl: string;
  readonly realmIds: readonly string[];
  readonly showCode: boolean;
  readonly now?: () => number;
  readonly slowMs?: number;
}

export interface RunningSimulator {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly pki: SimPki;
  /** What Propusk's ESIA_CONFIG says to use this simulator, per realm. */
  readonly esiaConfig: Record<string, EsiaRealmInput>;
  close(): Promise<void>;
}

export async function startSimulator(o: SimulatorOptions): Promise<RunningSimulator> {
  const pki = await ensureSimPki(o.dir);
  const client = registerClient({
    clientId: SIM_CLIENT_ID,
    certificate: pki.clientCertificate,
    redirectUris: o.realmIds.map((id) => `${o.propuskBaseUrl}/r/${id}/esia/callback`),
    scopes: [...DEFAULT_SCOPES, 'kid_fullname', 'kid_birthdate', 'kid_snils'],
  });
  const app = await buildSimulator({
    clients: [client],
    issuer: SIM_ISSUER,
    gostKey: pki.esiaGostKey,
    rsaKey: pki.esiaRsaKey,
    showCode: o.showCode,
    ...(o.now ? { now: o.now } : {}),
    ...(o.slowMs !== undefined ? { slowMs: o.slowMs } : {}),
  });
  const address = await app.listen({ host: o.host, port: o.port });
  const url = address.replace('[::1]', 'localhost');
  const esiaConfig: Record<string, EsiaRealmInput> = {};
  for (const id of o.realmIds)
    esiaConfig[id] = {
      host: url,
      issuer: SIM_ISSUER,
      clientId: SIM_CLIENT_ID,
      certificate: pki.clientCertPath,
      key: pki.clientKeyPath,
      esiaCertificates: [pki.esiaGostCertPath, pki.esiaRsaCertPath],
      timeoutMs: 3000,
    };
  return { url, app, pki, esiaConfig, close: () => app.close() };
}
