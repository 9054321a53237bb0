/**
 * The OpenID Connect side of the service: the providers (one per realm, built on first use and
 * rebuilt when the signing keys change — a rotation by the CLI or another instance is picked up
 * within `RELOAD_MS`), the client, key, consent and link stores, the listener that logs
 * applications out when Propusk sessions end, the back-channel logout job, and the janitor's
 * cleanup of what expired.
 */
import type { Kysely } from 'kysely';
import type { Provider } from 'oidc-provider';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { AuditLog } from '../core/audit/audit.js';
import type { Clock } from '../core/clock.js';
import { sealer } from '../core/crypto/sealed.js';
import type { KeyedHasher } from '../core/crypto/secrets.js';
import type { Janitor } from '../core/janitor/janitor.js';
import type { Database } from '../db/schema.js';
import type { PeopleStore } from '../directory/people-store.js';
import type { Jobs } from '../messaging/jobs.js';
import type { OutboxWorker } from '../messaging/worker.js';
import type { LoadedRealm, RealmStore } from '../realms/realm-store.js';
import type { SessionService } from '../sessions/sessions.js';
import { deleteExpiredPayloads, forgetClient, grantsOf, revokeGrant } from './adapter.js';
import { type ClientStore, clientStore } from './client-store.js';
import { type ConsentStore, consentStore } from './consents.js';
import { type KeySet, RELOAD_MS, type SigningKeyStore, signingKeyStore } from './keys.js';
import { oidcLibrary } from './library.js';
import { BACKCHANNEL_JOB, backchannelJob, onPropuskSessionsEnded } from './logout.js';
import { buildProvider, type ProviderDeps } from './provider.js';
import { type SessionLinks, sessionLinks } from './session-links.js';

export interface OidcService {
  providerFor(realm: LoadedRealm): Promise<Provider>;
  readonly keys: SigningKeyStore;
  readonly clients: ClientStore;
  readonly consents: ConsentStore;
  readonly links: SessionLinks;
  /**
   * «Отозвать доступ»: forgets what the person allowed the application and revokes every grant
   * it holds for them (its tokens stop working at once). False when there was nothing to revoke.
   */
  revokeAccess(realmId: string, personId: string, clientId: string): Promise<boolean>;
  /** Removes an application with everything it was given: consents, grants, codes, tokens. */
  removeClient(realmId: string, clientId: string): Promise<boolean>;
}

export interface OidcServiceDeps {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly keyed: KeyedHasher;
  readonly realms: RealmStore;
  readonly people: PeopleStore;
  readonly sessions: SessionService;
  readonly audit: AuditLog;
  readonly logger: Logger;
  readonly jobs: Jobs;
  readonly janitor: Janitor;
  readonly worker: OutboxWorker;
}

interface Built {
  readonly provider: Provider;
  readonly realm: LoadedRealm;
  readonly settings: string;
  readonly keysVersion: string;
}

export function oidcService(deps: OidcServiceDeps): OidcService {
  const { db, clock, config } = deps;
  const keys = signingKeyStore(db, sealer(config.secret, 'oidc-signing-key'), clock);
  const clients = clientStore(db, deps.keyed, clock);
  const consents = consentStore(db, clock);
  const links = sessionLinks(db, clock);
  const providerDeps: ProviderDeps = {
    db,
    clock,
    keyed: deps.keyed,
    secret: config.secret,
    baseUrl: config.baseUrl,
    demo: config.demo,
    trustProxy: config.trustProxy,
    people: deps.people,
    sessions: deps.sessions,
    audit: deps.audit,
    logger: deps.logger.child({ component: 'oidc' }),
    jobs: deps.jobs,
    kick: () => deps.worker.kick(),
    clients,
    consents,
    links,
  };

  // The key set is read at most every RELOAD_MS (and when a key changes state by itself).
  let keySet: { set: KeySet; readAt: number } | null = null;
  let ensured: Promise<void> | null = null;
  async function currentKeys(): Promise<KeySet> {
    const now = clock.now();
    const due =
      keySet === null ||
      now - keySet.readAt >= RELOAD_MS ||
      (keySet.set.nextChangeAt !== null && now >= keySet.set.nextChangeAt);
    if (due) {
      ensured ??= keys.ensure();
      await ensured;
      keySet = { set: await keys.load(), readAt: now };
    }
    return (keySet as { set: KeySet }).set;
  }

  const built = new Map<string, Promise<Built>>();
  const fingerprints = new WeakMap<LoadedRealm, string>();
  const fingerprint = (realm: LoadedRealm): string => {
    let value = fingerprints.get(realm);
    if (value === undefined) {
      value = JSON.stringify(realm.settings);
      fingerprints.set(realm, value);
    }
    return value;
  };
  async function providerFor(realm: LoadedRealm): Promise<Provider> {
    const set = await currentKeys();
    const settings = fingerprint(realm);
    const pending = built.get(realm.id);
    if (pending) {
      const entry = await pending;
      if (entry.keysVersion === set.version && entry.settings === settings) return entry.provider;
    }
    const next = oidcLibrary().then((library) => ({
      provider: buildProvider(library, providerDeps, realm, set),
      realm,
      settings,
      keysVersion: set.version,
    }));
    built.set(realm.id, next);
    return (await next).provider;
  }

  const providerOf = async (realmId: string) => {
    const realm = await deps.realms.find(realmId);
    return realm ? { provider: await providerFor(realm), realm } : null;
  };
  deps.sessions.onEnded(onPropuskSessionsEnded(providerDeps, providerOf));
  deps.jobs.register(BACKCHANNEL_JOB, backchannelJob(providerDeps, providerOf));
  deps.janitor.register('oidc_payloads', ({ now, limit }) => deleteExpiredPayloads(db, now, limit));
  deps.janitor.register('oidc_session_links', ({ now }) => links.deleteExpired(now));
  deps.janitor.register('oidc_signing_keys', () => keys.deleteGone());

  return {
    providerFor,
    keys,
    clients,
    consents,
    links,
    async revokeAccess(realmId, personId, clientId) {
      const consent = await consents.remove(realmId, personId, clientId);
      const grants = await grantsOf(db, realmId, personId, clientId);
      for (const grantId of grants) await revokeGrant(db, realmId, grantId, true);
      return consent !== null || grants.length > 0;
    },
    async removeClient(realmId, clientId) {
      const removed = await clients.remove(realmId, clientId);
      if (!removed) return false;
      await consents.removeClient(realmId, clientId);
      await forgetClient(db, realmId, clientId);
      return true;
    },
  };
}
