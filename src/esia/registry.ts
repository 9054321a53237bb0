/**
 * The ESIA client of each realm, built from the checked configuration at start (`serve` reads
 * ESIA_CONFIG; the demo points its realms at the simulator). A realm without one has no
 * «Войти через госуслуги».
 */
import { type EsiaClient, esiaClient } from './client.js';
import type { EsiaRealmConfig } from './config.js';

export interface EsiaRegistry {
  get(realmId: string): EsiaClient | undefined;
  configure(realms: ReadonlyMap<string, EsiaRealmConfig>): void;
}

export function esiaRegistry(): EsiaRegistry {
  const clients = new Map<string, EsiaClient>();
  return {
    get: (realmId) => clients.get(realmId),
    configure(realms) {
      clients.clear();
      for (const [id, config] of realms) clients.set(id, esiaClient(config));
    },
  };
}
