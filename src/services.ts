/**
 * The explicit dependency graph: everything a route or flow needs is built here once and passed
 * in. No service locator, no globals.
 */
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Config } from './config/config.js';
import { type AuditLog, auditLog } from './core/audit/audit.js';
import { type Clock, systemClock } from './core/clock.js';
import { type PasswordHasher, passwordHasher } from './core/crypto/passwords.js';
import { type KeyedHasher, keyedHasher } from './core/crypto/secrets.js';
import { type LimiterFactory, limiterFactory } from './core/throttle/throttle.js';
import { type DatabaseHandle, openDatabase } from './db/connect.js';
import type { Database } from './db/schema.js';
import { type OrganisationStore, organisationStore } from './directory/organisation-store.js';
import { type PeopleStore, peopleStore } from './directory/people-store.js';
import { type RealmStore, realmStore } from './realms/realm-store.js';
import { type SessionService, sessionService } from './sessions/sessions.js';

export interface Services {
  readonly config: Config;
  readonly handle: DatabaseHandle;
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly keyed: KeyedHasher;
  readonly passwords: PasswordHasher;
  readonly limiters: LimiterFactory;
  readonly realms: RealmStore;
  readonly people: PeopleStore;
  readonly organisations: OrganisationStore;
  readonly sessions: SessionService;
  readonly audit: AuditLog;
  readonly redis: Redis | null;
  close(): Promise<void>;
}

export interface ServiceOptions {
  readonly clock?: Clock;
  /** An already opened database (tests open one per dialect and schema). */
  readonly handle?: DatabaseHandle;
}

export async function createServices(config: Config, options: ServiceOptions = {}): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const handle = options.handle ?? (await openDatabase(config.databaseUrl));
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false })
    : null;
  const keyed = keyedHasher(config.secret);
  const db = handle.db;
  return {
    config,
    handle,
    db,
    clock,
    keyed,
    passwords: await passwordHasher(config.argon2),
    limiters: limiterFactory(redis),
    realms: realmStore(db, clock),
    people: peopleStore(db, clock),
    organisations: organisationStore(db, clock),
    sessions: sessionService(db, keyed, clock),
    audit: auditLog(db, clock),
    redis,
    async close() {
      if (redis) await redis.quit().catch(() => undefined);
      if (!options.handle) await handle.close();
    },
  };
}
