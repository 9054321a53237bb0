/**
 * Prometheus metrics (prom-client), made only when METRICS_TOKEN is set; `services.metrics` is
 * null otherwise and nothing below runs.
 *
 * What is measured, and where:
 * - `propusk_signins_total{method,outcome}` and `propusk_recoveries_total{event}`: from the audit
 *   log, which every sign-in and recovery step already writes to (`observeAudit`: one map lookup
 *   per event, then a counter incremented in place; the children are made once, up front).
 * - `propusk_throttle_hits_total{limiter}`: every refusal of a throttle counter or growing delay,
 *   by its name (`sms-phone`, `sms-ip`, `sms-realm` are the SMS caps; `countingLimiters`).
 * - `propusk_http_request_duration_seconds{route,method,status}`: per route pattern, not per path
 *   (`http.ts`).
 * - At scrape time only (a query each, never on the request path): the outbox's depth and the
 *   age of its oldest waiting message per channel, and each realm's SMS spent today against its
 *   cap.
 * - Node's own: event-loop lag (`nodejs_eventloop_lag_seconds` and its percentiles), heap, GC,
 *   CPU (`collectDefaultMetrics`).
 */
import type { Kysely } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AuditEntry } from '../core/audit/audit.js';
import type { Clock } from '../core/clock.js';
import type { Backoff } from '../core/throttle/backoff.js';
import type { Limiter, LimiterFactory, LimitState } from '../core/throttle/throttle.js';
import type { Database } from '../db/schema.js';

/** Sign-in outcomes by audit action: [method, outcome]. */
const SIGNIN_ACTIONS: Readonly<Record<string, readonly [string, string]>> = {
  'signin.succeeded': ['password', 'success'],
  'signin.failed': ['password', 'failure'],
  'signin.throttled': ['password', 'throttled'],
  'signin.blocked_person': ['password', 'blocked'],
  'esia.signin_succeeded': ['esia', 'success'],
  'esia.signin_failed': ['esia', 'failure'],
  'signature.signed_in': ['signature', 'success'],
  'signature.refused': ['signature', 'failure'],
  'signature.unknown_person': ['signature', 'failure'],
  'signature.password_failed': ['signature', 'failure'],
};

export interface MetricsSources {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** Each realm's SMS spent in the current day window, and the cap. */
  smsSpent(): Promise<{ realm: string; spent: number }[]>;
  readonly smsCapPerRealmPerDay: number;
}

export interface Metrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'route' | 'method' | 'status'>;
  /** For the audit log: counts sign-ins and recoveries as they are recorded. */
  observeAudit(entry: AuditEntry): void;
  /** The throttles, counting each refusal. */
  countingLimiters(factory: LimiterFactory): LimiterFactory;
  /** Where the scrape-time gauges read from (set once the services exist). */
  setSources(sources: MetricsSources): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  const signins = new Counter({
    name: 'propusk_signins_total',
    help: 'Sign-ins by method and outcome',
    labelNames: ['method', 'outcome'] as const,
    registers: [registry],
  });
  const signinChildren = new Map(
    Object.entries(SIGNIN_ACTIONS).map(([action, [m, o]]) => [action, signins.labels(m, o)]),
  );
  const recoveries = new Counter({
    name: 'propusk_recoveries_total',
    help: 'Recovery steps («Восстановите доступ») by event',
    labelNames: ['event'] as const,
    registers: [registry],
  });
  const recoveryChildren = new Map<string, Counter.Internal>();
  const throttleHits = new Counter({
    name: 'propusk_throttle_hits_total',
    help: 'Attempts refused by a throttle counter or a growing delay, by its name',
    labelNames: ['limiter'] as const,
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: 'propusk_http_request_duration_seconds',
    help: 'Request latency by route pattern, method and status class',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  let sources: MetricsSources | null = null;
  new Gauge({
    name: 'propusk_outbox_depth',
    help: 'Messages waiting in the outbox (pending or being sent), by channel',
    labelNames: ['channel'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await waiting();
      for (const r of rows) this.labels(r.channel).set(Number(r.n));
    },
  });
  new Gauge({
    name: 'propusk_outbox_oldest_age_seconds',
    help: 'Age of the oldest message waiting in the outbox, by channel',
    labelNames: ['channel'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const now = sources?.clock.now() ?? Date.now();
      for (const r of await waiting())
        this.labels(r.channel).set(Math.max(0, (now - Number(r.oldest)) / 1000));
    },
  });
  new Gauge({
    name: 'propusk_sms_spent_today',
    help: "SMS sent in the realm's current day window (the cap is propusk_sms_cap_per_day)",
    labelNames: ['realm'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { realm, spent } of (await sources?.smsSpent()) ?? []) this.labels(realm).set(spent);
    },
  });
  new Gauge({
    name: 'propusk_sms_cap_per_day',
    help: 'SMS_CAP_REALM_DAY: SMS a realm may send per day',
    registers: [registry],
    collect() {
      this.set(sources?.smsCapPerRealmPerDay ?? 0);
    },
  });

  async function waiting(): Promise<{ channel: string; n: number | string; oldest: number | string }[]> {
    if (!sources) return [];
    return sources.db
      .selectFrom('outbox')
      .select((eb) => ['channel', eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
      .where('status', 'in', ['pending', 'sending'])
      .groupBy('channel')
      .execute() as Promise<{ channel: string; n: number; oldest: number }[]>;
  }

  const hitsOf = new Map<string, Counter.Internal>();
  const hitCounter = (name: string): Counter.Internal => {
    let child = hitsOf.get(name);
    if (!child) {
      child = throttleHits.labels(name);
      hitsOf.set(name, child);
    }
    return child;
  };

  return {
    registry,
    requestDuration,
    observeAudit(entry) {
      const signin = signinChildren.get(entry.action);
      if (signin) {
        signin.inc();
        return;
      }
      if (entry.action.startsWith('recovery.')) {
        let child = recoveryChildren.get(entry.action);
        if (!child) {
          child = recoveries.labels(entry.action.slice('recovery.'.length));
          recoveryChildren.set(entry.action, child);
        }
        child.inc();
      }
    },
    countingLimiters(factory) {
      const counted = <S extends LimitState | { allowed: boolean }>(child: Counter.Internal, state: S): S => {
        if (!state.allowed) child.inc();
        return state;
      };
      // The factories cache their counters; so do these wrappers (a hot path may ask per request).
      const limiters = new WeakMap<Limiter, Limiter>();
      const backoffs = new WeakMap<Backoff, Backoff>();
      return {
        limiter(spec) {
          const inner = factory.limiter(spec);
          const known = limiters.get(inner);
          if (known) return known;
          const child = hitCounter(spec.name);
          const limiter: Limiter = {
            check: async (key) => counted(child, await inner.check(key)),
            hit: async (key) => counted(child, await inner.hit(key)),
            refund: (key) => inner.refund(key),
            count: (key) => inner.count(key),
            reset: (key) => inner.reset(key),
          };
          limiters.set(inner, limiter);
          return limiter;
        },
        backoff(spec) {
          const inner = factory.backoff(spec);
          const known = backoffs.get(inner);
          if (known) return known;
          const child = hitCounter(spec.name);
          const backoff: Backoff = {
            peek: (key) => inner.peek(key),
            attempt: async (key) => counted(child, await inner.attempt(key)),
            forgive: (key, count) => inner.forgive(key, count),
            reset: (key) => inner.reset(key),
          };
          backoffs.set(inner, backoff);
          return backoff;
        },
        limits: {
          async hit(counters) {
            const state = await factory.limits.hit(counters);
            const by = state.allowed ? undefined : counters[state.refusedBy];
            if (by) hitCounter(by.spec.name).inc();
            return state;
          },
          // Counters that only count: nothing is refused by them.
          spend: (counters) => factory.limits.spend(counters),
        },
        backoffs: {
          async attempt(counters) {
            const state = await factory.backoffs.attempt(counters);
            const by = state.allowed ? undefined : counters[state.refusedBy];
            if (by) hitCounter(by.spec.name).inc();
            return state;
          },
          settle: (settlements) => factory.backoffs.settle(settlements),
        },
      };
    },
    setSources(value) {
      sources = value;
    },
  };
}
