/**
 * Configuration: environment variables over one optional JSON file (`PROPUSK_CONFIG`), parsed
 * once at start with zod, unknown keys rejected, result frozen. Each bad value becomes one line
 * that names it; the CLI prints them and exits non-zero.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const booleanish = z
  .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])])
  .transform((v) => v === true || v === '1' || v === 'true' || v === 'yes' || v === 'on');

const databaseUrl = z
  .string()
  .min(1)
  .refine((v) => /^postgres(ql)?:\/\//.test(v) || v === ':memory:' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(v), {
    message: 'must be a SQLite file path, ":memory:" or a postgres:// URL',
  });

/** A JSON object of string values, given as JSON text in the environment. */
const jsonObjectOfStrings = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  },
  z.record(z.string(), z.string(), { error: 'must be a JSON object of strings' }),
);

const regexSource = z.string().refine(
  (v) => {
    try {
      new RegExp(v);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a valid regular expression' },
);

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Keys as they appear in the environment; the file uses the same names. */
const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: databaseUrl.default('var/propusk.sqlite'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    PROPUSK_SECRET: z.string().min(32, 'must be at least 32 characters of random text').optional(),
    DEMO: booleanish.default(false),
    LOG_LEVEL: logLevel.default('info'),
    TRUST_PROXY: booleanish.default(false),
    ARGON2_MEMORY_KIB: z.coerce.number().int().min(8192).max(1_048_576).default(19_456),
    ARGON2_ITERATIONS: z.coerce.number().int().min(1).max(20).default(2),
    ARGON2_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),
    /** argon2 computations at once; one per core when not set. */
    ARGON2_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
    /** Sign-ins that may wait for argon2 before new ones get 503; 32 per runner when not set. */
    ARGON2_QUEUE_MAX: z.coerce.number().int().min(1).max(100_000).optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.email({ error: 'must be an email address' }).default('noreply@propusk.local'),
    SMS_PROVIDER: z.enum(['dev', 'http']).optional(),
    SMS_HTTP_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    SMS_HTTP_METHOD: z.enum(['GET', 'POST']).default('POST'),
    SMS_HTTP_FORMAT: z.enum(['form', 'json', 'query']).default('form'),
    SMS_HTTP_FIELDS: jsonObjectOfStrings.default({ phone: '{{phone}}', text: '{{text}}' }),
    SMS_HTTP_HEADERS: jsonObjectOfStrings.default({}),
    SMS_HTTP_SUCCESS_PATTERN: regexSource.optional(),
    SMS_HTTP_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
    SMS_CAP_PHONE_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
    SMS_CAP_IP_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
    SMS_CAP_REALM_DAY: z.coerce.number().int().min(1).max(10_000_000).default(5000),
    OUTBOX_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
    /** How often `serve` runs the janitor; 0 leaves it to `propusk janitor` (cron). */
    JANITOR_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
    /** How long an expired flow is kept, so its pages still say "expired" rather than "unknown". */
    FLOW_GRACE_HOURS: z.coerce.number().int().min(1).max(720).default(24),
    OUTBOX_SENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
    OUTBOX_DEAD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** A JSON file with each realm's ESIA (Gosuslugi) connection, checked at start (esia/config.ts). */
    ESIA_CONFIG: z.string().min(1).optional(),
    /** Unset: no /metrics. Set: /metrics answers Prometheus with `Authorization: Bearer <it>`. */
    METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters of random text').max(200).optional(),
    /** Unset: the audit log is kept forever. At least a year when set. */
    AUDIT_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(365, 'must be at least 365 days (leave it unset to keep the audit log forever)')
      .max(36_500)
      .optional(),
    /** The NCALayer simulator (`propusk ncalayer-sim`, started by `propusk demo`): its port… */
    NCALAYER_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(13579),
    /** …and the directory of its test PKI (`roots.pem` there is what demo realms trust). */
    NCALAYER_SIM_DIR: z.string().min(1).max(500).default('var/ncalayer-sim'),
  })
  .strict();

export type RawConfig = z.input<typeof schema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly redisUrl: string | undefined;
  readonly baseUrl: string;
  /** Key for keyed hashes of tokens and codes, and for signing cookies. */
  readonly secret: string;
  /** Demo mode: seeded realms, development mailbox, cookies without `Secure`. */
  readonly demo: boolean;
  readonly logLevel: z.infer<typeof logLevel>;
  readonly trustProxy: boolean;
  readonly argon2: { readonly memoryCost: number; readonly timeCost: number; readonly parallelism: number };
  /** The argon2 pool: computations at once, and sign-ins that may wait for one. */
  readonly argon2Pool: { readonly concurrency: number; readonly maxWaiting: number };
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string };
  readonly sms:
    | { readonly provider: 'dev' }
    | {
        readonly provider: 'http';
        readonly url: string;
        readonly method: 'GET' | 'POST';
        readonly format: 'form' | 'json' | 'query';
        readonly fields: Readonly<Record<string, string>>;
        readonly headers: Readonly<Record<string, string>>;
        readonly successPattern: string | undefined;
        readonly timeoutMs: number;
      };
  readonly smsCaps: {
    readonly perPhonePerHour: number;
    readonly perIpPerHour: number;
    readonly perRealmPerDay: number;
  };
  readonly outboxPollMs: number;
  /** The bearer token /metrics requires; null: no metrics at all. */
  readonly metricsToken: string | null;
  /** The ESIA_CONFIG file, if any (read and checked by `esia/config.ts` at start). */
  readonly esiaConfigPath: string | undefined;
  readonly janitor: {
    /** 0: `serve` does not run the janitor. */
    readonly intervalMinutes: number;
    readonly flowGraceHours: number;
    readonly outboxSentRetentionDays: number;
    readonly outboxDeadRetentionDays: number;
    /** Null: the audit log is never pruned. */
    readonly auditRetentionDays: number | null;
  };
  /** The NCALayer simulator: in demo mode, realms without roots of their own trust its PKI. */
  readonly ncalayerSim: { readonly port: number; readonly dir: string };
}

export type ConfigResult = { ok: true; config: Config; warnings: string[] } | { ok: false; errors: string[] };

const KNOWN_KEYS = Object.keys(schema.shape) as (keyof RawConfig)[];

/** Environment variables that belong to us but are not config keys (read elsewhere). */
const NON_CONFIG_ENV = new Set(['PROPUSK_CONFIG']);

export function loadConfig(env: NodeJS.ProcessEnv, overrides: Partial<RawConfig> = {}): ConfigResult {
  const errors: string[] = [];
  let fileValues: Record<string, unknown> = {};
  const file = env.PROPUSK_CONFIG;
  if (file) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        errors.push(`PROPUSK_CONFIG: ${file} must contain one JSON object`);
      } else {
        fileValues = parsed as Record<string, unknown>;
      }
    } catch (err) {
      errors.push(`PROPUSK_CONFIG: cannot read ${file}: ${(err as Error).message}`);
    }
  }
  for (const key of Object.keys(env)) {
    if (key.startsWith('PROPUSK_') && !NON_CONFIG_ENV.has(key) && !(KNOWN_KEYS as string[]).includes(key)) {
      errors.push(`${key}: unknown setting`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const key of KNOWN_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const result = schema.safeParse({ ...fileValues, ...fromEnv, ...overrides });
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) errors.push(`${key}: unknown setting`);
      } else {
        const key = issue.path.join('.') || '(config)';
        const value = (fileValues[key] ??
          fromEnv[key] ??
          (overrides as Record<string, unknown>)[key]) as unknown;
        errors.push(
          `${key}: ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`,
        );
      }
    }
  }
  if (errors.length > 0 || !result.success) return { ok: false, errors };

  const v = result.data;
  const warnings: string[] = [];
  let secret = v.PROPUSK_SECRET;
  if (!secret) {
    if (!v.DEMO)
      return { ok: false, errors: ['PROPUSK_SECRET: required outside demo mode (32+ random characters)'] };
    secret = 'demo-secret-not-for-production-use-0123456789';
    warnings.push('PROPUSK_SECRET is not set: using the fixed demo secret. Never do this in production.');
  }
  if (v.DEMO) {
    warnings.push(
      'DEMO mode is on: demo people with known passwords, a development mailbox, cookies without Secure.',
    );
  }
  const smsProvider = v.SMS_PROVIDER ?? (v.SMS_HTTP_URL ? 'http' : 'dev');
  if (smsProvider === 'http' && !v.SMS_HTTP_URL) {
    return { ok: false, errors: ['SMS_HTTP_URL: required when SMS_PROVIDER is http'] };
  }
  if (!v.DEMO && smsProvider === 'dev') {
    warnings.push('SMS_PROVIDER is dev outside demo mode: SMS are recorded, not sent.');
  }
  if (!v.DEMO && !v.SMTP_URL) {
    warnings.push('SMTP_URL is not set: letters wait in the outbox until it is.');
  }
  // argon2 runs on threads of its own (core/crypto/argon2-threads.ts): one runner per core.
  const concurrency = v.ARGON2_CONCURRENCY ?? availableParallelism();
  const baseUrl = (v.BASE_URL ?? `http://${v.HOST}:${v.PORT}`).replace(/\/+$/, '');
  if (!v.DEMO && !baseUrl.startsWith('https://')) {
    warnings.push(`BASE_URL ${baseUrl} is not https: session cookies are Secure and need HTTPS in front.`);
  }
  const config: Config = Object.freeze({
    port: v.PORT,
    host: v.HOST,
    databaseUrl: v.DATABASE_URL,
    redisUrl: v.REDIS_URL,
    baseUrl,
    secret,
    demo: v.DEMO,
    logLevel: v.LOG_LEVEL,
    trustProxy: v.TRUST_PROXY,
    argon2: Object.freeze({
      memoryCost: v.ARGON2_MEMORY_KIB,
      timeCost: v.ARGON2_ITERATIONS,
      parallelism: v.ARGON2_PARALLELISM,
    }),
    argon2Pool: Object.freeze({ concurrency, maxWaiting: v.ARGON2_QUEUE_MAX ?? 32 * concurrency }),
    mail: Object.freeze({ smtpUrl: v.SMTP_URL, from: v.MAIL_FROM }),
    sms: Object.freeze(
      smsProvider === 'http'
        ? {
            provider: 'http' as const,
            url: v.SMS_HTTP_URL as string,
            method: v.SMS_HTTP_METHOD,
            format: v.SMS_HTTP_FORMAT,
            fields: Object.freeze({ ...v.SMS_HTTP_FIELDS }),
            headers: Object.freeze({ ...v.SMS_HTTP_HEADERS }),
            successPattern: v.SMS_HTTP_SUCCESS_PATTERN,
            timeoutMs: v.SMS_HTTP_TIMEOUT_MS,
          }
        : { provider: 'dev' as const },
    ),
    smsCaps: Object.freeze({
      perPhonePerHour: v.SMS_CAP_PHONE_HOUR,
      perIpPerHour: v.SMS_CAP_IP_HOUR,
      perRealmPerDay: v.SMS_CAP_REALM_DAY,
    }),
    outboxPollMs: v.OUTBOX_POLL_MS,
    metricsToken: v.METRICS_TOKEN ?? null,
    esiaConfigPath: v.ESIA_CONFIG,
    janitor: Object.freeze({
      intervalMinutes: v.JANITOR_INTERVAL_MINUTES,
      flowGraceHours: v.FLOW_GRACE_HOURS,
      outboxSentRetentionDays: v.OUTBOX_SENT_RETENTION_DAYS,
      outboxDeadRetentionDays: v.OUTBOX_DEAD_RETENTION_DAYS,
      auditRetentionDays: v.AUDIT_RETENTION_DAYS ?? null,
    }),
    ncalayerSim: Object.freeze({ port: v.NCALAYER_SIM_PORT, dir: v.NCALAYER_SIM_DIR }),
  });
  return { ok: true, config, warnings };
}
