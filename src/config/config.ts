/**
 * Configuration: environment variables over one optional JSON file (`PROPUSK_CONFIG`), parsed
 * once at start with zod, unknown keys rejected, result frozen. Each bad value becomes one line
 * that names it; the CLI prints them and exits non-zero.
 */
import { readFileSync } from 'node:fs';
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
  });
  return { ok: true, config, warnings };
}
