/**
 * The explicit dependency graph: everything a route or flow needs is built here once and passed
 * in. No service locator, no globals.
 */
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { type DestinationStream, type Logger, pino } from 'pino';
import { type TokenService, tokenService } from './admin-api/tokens.js';
import type { Config } from './config/config.js';
import { type AuditLog, auditLog } from './core/audit/audit.js';
import { type Captcha, createCaptcha } from './core/captcha/captcha.js';
import { powPressure } from './core/captcha/pressure.js';
import { databaseReplayGuard, redisReplayGuard } from './core/captcha/replay.js';
import { type Clock, systemClock } from './core/clock.js';
import { argon2Pool } from './core/crypto/argon2-pool.js';
import { argon2Threads } from './core/crypto/argon2-threads.js';
import { type PasswordHasher, passwordHasher } from './core/crypto/passwords.js';
import { sealer } from './core/crypto/sealed.js';
import { type KeyedHasher, keyedHasher } from './core/crypto/secrets.js';
import { type FlowEngine, flowEngine } from './core/flows/flow-store.js';
import type { FlowData, FlowMachine } from './core/flows/machine.js';
import { createJanitor, type Janitor } from './core/janitor/janitor.js';
import { connectRedis } from './core/redis/redis.js';
import { databaseLimiterFactory } from './core/throttle/database-limiter.js';
import { type LimiterFactory, limiterFactory } from './core/throttle/throttle.js';
import { type DatabaseHandle, openDatabase } from './db/connect.js';
import type { Database } from './db/schema.js';
import { FIRST_SIGNIN_JOB } from './directory/after-registration.js';
import { type ContactStore, contactStore } from './directory/contact-store.js';
import { type MemberStore, memberStore } from './directory/members.js';
import { type OrganisationStore, organisationStore } from './directory/organisation-store.js';
import { type PeopleStore, peopleStore } from './directory/people-store.js';
import { type SchoolDirectory, schoolDirectory } from './directory/school-directory.js';
import { schoolSearchIndex } from './directory/school-search/search-index.js';
import { storedHashParameters } from './directory/stored-hash-parameters.js';
import { type EsiaRegistry, esiaRegistry } from './esia/registry.js';
import { type FactorStores, factorStores } from './factors/stores.js';
import { firstSigninLetter } from './flows/email-verification/first-signin.js';
import { LETTERS_JOB, recoveryLetters } from './flows/recovery/letters.js';
import { recoveryFlow } from './flows/recovery/machine.js';
import { type InvitationStore, invitationStore } from './invitations/invitation-store.js';
import { registerSchoolTasks } from './janitor/school-tasks.js';
import { registerCoreTasks } from './janitor/tasks.js';
import { devEmailTransport, type EmailTransport, smtpTransport } from './messaging/email-transport.js';
import { type Jobs, jobs } from './messaging/jobs.js';
import { type Notifier, notifier } from './messaging/notify.js';
import { type Outbox, outbox } from './messaging/outbox.js';
import { type SmsBudget, smsBudget } from './messaging/sms-budget.js';
import { devSmsProvider, httpSmsProvider, type SmsProvider } from './messaging/sms-provider.js';
import { type OutboxWorker, outboxWorker } from './messaging/worker.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { type OidcService, oidcService } from './oidc/service.js';
import { type RealmStore, realmStore } from './realms/realm-store.js';
import { type SessionService, sessionService } from './sessions/sessions.js';
import { type SignatureService, signatureService } from './signature/service.js';
import { loggerOptions } from './web/logging.js';

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
  /** The public school directory, with this instance's school search index. */
  readonly schools: SchoolDirectory;
  /** Email addresses and phone numbers, and whether they are confirmed. */
  readonly contacts: ContactStore;
  /** The people of one organisation as the account operations see them (desk and CLI). */
  readonly members: MemberStore;
  readonly sessions: SessionService;
  readonly audit: AuditLog;
  /** Second factors (authenticator app, recovery codes, passkeys) and consent records. */
  readonly factors: FactorStores;
  /** The OpenID Connect provider of every realm, its clients, keys and consents. */
  readonly oidc: OidcService;
  /** Each realm's ESIA (Gosuslugi) client, when configured. */
  readonly esia: EsiaRegistry;
  /** The admin API's tokens (`admin-api/tokens.ts`). */
  readonly apiTokens: TokenService;
  /** The flow engine every flow stands on. */
  readonly flows: FlowEngine;
  /** Flows a password change ends (each declares a `superseded` ended state). */
  readonly endedByPasswordChange: readonly FlowMachine<string, FlowData>[];
  readonly captcha: Captcha;
  readonly invitations: InvitationStore;
  readonly redis: Redis | null;
  readonly outbox: Outbox;
  readonly email: EmailTransport;
  readonly sms: SmsProvider;
  readonly smsBudget: SmsBudget;
  /** Delivers the outbox; `serve` starts it, tests run it by hand. */
  readonly worker: OutboxWorker;
  /** Deletes what has expired, in small batches; `serve` runs it on an interval. */
  readonly janitor: Janitor;
  /** Renders templated letters and SMS into the outbox. */
  readonly notify: Notifier;
  /** Work the outbox worker does off the request path (recovery's letters). */
  readonly jobs: Jobs;
  readonly logger: Logger;
  /** Prometheus metrics; null unless METRICS_TOKEN is set (`metrics/`). */
  readonly metrics: Metrics | null;
  /** Kazakh digital signatures: each realm's roots and revocation mode, one CRL cache. */
  readonly signature: SignatureService;
  close(): Promise<void>;
}

/** Outside demo mode with no SMTP configured, letters wait in the outbox (and say why). */
const unconfiguredEmail: EmailTransport = {
  name: 'none',
  async send() {
    return { ok: false, permanent: false, error: 'SMTP_URL is not configured' };
  },
  close() {},
};

function emailTransportFor(config: Config): EmailTransport {
  if (config.mail.smtpUrl) return smtpTransport(config.mail.smtpUrl, config.mail.from);
  return config.demo ? devEmailTransport : unconfiguredEmail;
}

function smsProviderFor(config: Config): SmsProvider {
  const sms = config.sms;
  if (sms.provider === 'dev') return devSmsProvider;
  return httpSmsProvider({
    url: sms.url,
    method: sms.method,
    format: sms.format,
    fields: sms.fields,
    headers: sms.headers,
    successPattern: sms.successPattern ? new RegExp(sms.successPattern) : null,
    timeoutMs: sms.timeoutMs,
  });
}

export interface ServiceOptions {
  readonly clock?: Clock;
  /** An already opened database (tests open one per dialect and schema). */
  readonly handle?: DatabaseHandle;
  /** Where log lines go; stdout when omitted. Tests pass a stream to read them. */
  readonly logStream?: DestinationStream;
  /** Tests only: the captcha can reveal its answers (refused when NODE_ENV=production). */
  readonly captchaTestHooks?: boolean;
}

export async function createServices(config: Config, options: ServiceOptions = {}): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const handle = options.handle ?? (await openDatabase(config.databaseUrl, { checkpointInBackground: true }));
  const logger = options.logStream
    ? pino(loggerOptions(config.logLevel), options.logStream)
    : pino(loggerOptions(config.logLevel));
  void handle.checkpointerStopped?.then((err) =>
    logger.error(
      { component: 'db', err },
      'the SQLite checkpoint thread stopped: checkpoints run inside commits again, which then wait for the disk',
    ),
  );
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : null;
  const keyed = keyedHasher(config.secret);
  const db = handle.db;
  // Throttle counters and the captcha replay set are shared by every instance: in Redis when
  // configured, else in the database.
  const metrics = config.metricsToken ? createMetrics() : null;
  const counters = redis
    ? limiterFactory(redis, clock)
    : databaseLimiterFactory(handle.counters ?? db, clock, handle.direct);
  const limiters = metrics ? metrics.countingLimiters(counters) : counters;
  const replay = redis ? redisReplayGuard(redis, clock) : databaseReplayGuard(db, clock);
  const email = emailTransportFor(config);
  const sms = smsProviderFor(config);
  const box = outbox(db, handle.dialect, sealer(config.secret, 'outbox'), clock, {
    keepPayloadAfterSend: config.demo,
  });
  const queue = jobs(box);
  const worker = outboxWorker({
    outbox: box,
    email,
    sms,
    jobs: queue,
    log: logger.child({ component: 'outbox' }),
  });
  const janitor = createJanitor(clock, logger.child({ component: 'janitor' }));
  const realms = realmStore(db, clock);
  const people = peopleStore(db, clock, handle.direct);
  const sessions = sessionService(db, keyed, clock, handle.direct);
  const audit = auditLog(db, clock, metrics ? (entry) => metrics.observeAudit(entry) : undefined);
  const oidc = oidcService({
    config,
    db,
    clock,
    keyed,
    realms,
    people,
    sessions,
    audit,
    logger,
    jobs: queue,
    janitor,
    worker,
  });
  const argon2 = argon2Threads(config.argon2Pool.concurrency);
  const services: Services = {
    config,
    handle,
    db,
    clock,
    keyed,
    passwords: await passwordHasher(config.argon2, {
      // One thread per runner, each kept a job ahead: the pool hands out that many at once.
      pool: argon2Pool({ ...config.argon2Pool, concurrency: argon2.inFlight }),
      threads: argon2,
      stored: storedHashParameters(db),
      now: () => clock.now(),
    }),
    limiters,
    realms,
    people,
    organisations: organisationStore(db, clock),
    schools: schoolDirectory(db, schoolSearchIndex(db)),
    contacts: contactStore(clock),
    members: memberStore(db),
    sessions,
    audit,
    factors: factorStores(db, config.secret, keyed, audit, clock),
    oidc,
    esia: esiaRegistry(),
    apiTokens: tokenService({ db, keyed, clock, audit }),
    flows: flowEngine(db, clock, keyed),
    endedByPasswordChange: [recoveryFlow],
    invitations: invitationStore(db, keyed, clock),
    captcha: createCaptcha(
      { secret: config.secret, clock, replay, pressure: powPressure(limiters) },
      { testHooks: options.captchaTestHooks === true },
    ),
    redis,
    outbox: box,
    email,
    sms,
    worker,
    notify: notifier(box, worker),
    jobs: queue,
    logger,
    metrics,
    smsBudget: smsBudget(limiters, config.smsCaps),
    janitor,
    signature: signatureService(config),
    async close() {
      await worker.stop();
      await janitor.stop();
      await argon2.close();
      email.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
      if (!options.handle) await handle.close();
    },
  };
  queue.register(LETTERS_JOB, recoveryLetters(services));
  queue.register(FIRST_SIGNIN_JOB, firstSigninLetter(services));
  registerCoreTasks(janitor, services);
  registerSchoolTasks(janitor, db);
  janitor.register('api_tokens', services.apiTokens.cleanup);
  if (metrics) {
    const realmCap = limiters.limiter({
      name: 'sms-realm',
      points: config.smsCaps.perRealmPerDay,
      windowSeconds: 86_400,
    });
    metrics.setSources({
      db,
      clock,
      smsCapPerRealmPerDay: config.smsCaps.perRealmPerDay,
      smsSpent: async () =>
        Promise.all(
          (await realms.list()).map(async (r) => ({ realm: r.id, spent: await realmCap.count(r.id) })),
        ),
    });
  }
  return services;
}
