/**
 * The configuration every part of the benchmark uses: `loadConfig` defaults (so the argon2
 * parameters are the shipped OWASP ones), with the caller's environment deliberately ignored —
 * an `ARGON2_*` or `DATABASE_URL` left in a shell must not change what the figures mean.
 */
import { randomBytes } from 'node:crypto';
import { type Config, loadConfig } from '../src/config/config.js';

export function benchConfig(databaseUrl: string): Config {
  const result = loadConfig(
    {},
    {
      PROPUSK_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: 0,
      // https so the config matches production (Secure cookies); nothing connects to it.
      BASE_URL: 'https://bench.invalid',
      // Errors only: the outbox has no SMTP here and would log a retry for every queued letter.
      LOG_LEVEL: 'error',
      // The recovery phase sends each request from its own (X-Forwarded-For) address so the
      // per-IP recovery limit measures the path, not the 429.
      TRUST_PROXY: true,
    },
  );
  if (!result.ok) throw new Error(`bench config: ${result.errors.join('; ')}`);
  return result.config;
}

/** What a server child process reports over IPC once it listens. */
export interface ReadyMessage {
  readonly kind: 'ready';
  readonly port: number;
  /** The app's OpenID Connect client for the benchmark (bench/oidc.ts); its secret is made at start. */
  readonly oidc?: { readonly clientId: string; readonly secret: string; readonly redirectUri: string };
}

export function isReadyMessage(value: unknown): value is ReadyMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return m.kind === 'ready' && typeof m.port === 'number';
}

export const SERVER_MODES = ['app', 'bare', 'better-auth'] as const;
export type ServerMode = (typeof SERVER_MODES)[number];

/** Rows in the bare route's table: about the size of a school district's people. */
export const BARE_ROWS = 10_000;

/** The PostgreSQL the benchmark may use (a schema of its own, dropped afterwards), or ''. */
export function benchPostgresUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? '';
}
