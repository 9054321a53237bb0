/**
 * An app on a fresh database with the demo realms, driven in process through `app.inject()`.
 * Time is a ManualClock; log lines are captured so tests can read them.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type Config, loadConfig, type RawConfig } from '../../src/config/config.js';
import { ManualClock } from '../../src/core/clock.js';
import type { DialectName } from '../../src/db/connect.js';
import { migrateOrThrow } from '../../src/db/migrate.js';
import { demoDirectory, seedDemo } from '../../src/demo/seed.js';
import { createServices, type Services } from '../../src/services.js';
import { type AppOptions, buildApp } from '../../src/web/app.js';
import { freshDatabase } from './databases.js';

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** Cheap argon2 parameters: tests check behaviour, not hashing cost. */
export const FAST_ARGON2: Partial<RawConfig> = {
  ARGON2_MEMORY_KIB: 8192,
  ARGON2_ITERATIONS: 1,
  ARGON2_PARALLELISM: 1,
};

export function testConfig(overrides: Partial<RawConfig> = {}): Config {
  const result = loadConfig(
    {},
    {
      PROPUSK_SECRET: TEST_SECRET,
      BASE_URL: 'https://propusk.test',
      LOG_LEVEL: 'info',
      TRUST_PROXY: true,
      DATABASE_URL: ':memory:',
      ...FAST_ARGON2,
      ...overrides,
    },
  );
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

export interface Harness {
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly clock: ManualClock;
  readonly dialect: DialectName;
  /** Every log line written so far, raw. */
  logs(): string;
  close(): Promise<void>;
}

export async function startHarness(
  dialect: DialectName,
  options: { config?: Partial<RawConfig>; app?: AppOptions; seed?: boolean; clock?: ManualClock } = {},
): Promise<Harness> {
  const database = await freshDatabase(dialect);
  const clock = options.clock ?? new ManualClock();
  const config = testConfig(options.config);
  let logText = '';
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logText += chunk.toString('utf8');
      done();
    },
  });
  const services = await createServices(config, {
    clock,
    handle: database.handle,
    logStream,
    captchaTestHooks: true,
  });
  await migrateOrThrow(database.handle);
  if (options.seed !== false) await seedDemo(services);
  const app = await buildApp(services, {
    demoDirectory: demoDirectory(),
    captchaRevealRoute: true,
    ...options.app,
  });
  await app.ready();
  return {
    app,
    services,
    clock,
    dialect,
    logs: () => logText,
    async close() {
      await app.close();
      await services.close();
      await database.drop();
    },
  };
}

/** A tiny cookie jar for inject(): keeps the cookies the app sets, sends them back. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = {},
  ) {}

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { ...this.headers, cookie: this.cookieHeader(), ...headers },
    });
    this.remember(res);
    return res;
  }

  /** Posts a form the way a browser would: with the CSRF token from the page at `formUrl`. */
  async submit(
    formUrl: string,
    action: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const page = await this.get(formUrl);
    const token = csrfTokenOf(page.body);
    return this.post(action, { _csrf: token, ...fields }, headers);
  }

  async post(
    url: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams(fields).toString(),
      headers: {
        ...this.headers,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: this.cookieHeader(),
        ...headers,
      },
    });
    this.remember(res);
    return res;
  }
}

export function csrfTokenOf(body: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!m?.[1]) throw new Error('no CSRF token on the page');
  return m[1];
}

/** The text of the first `.notice` / error paragraph, for asserting messages. */
export function textOf(body: string, selectorClass: string): string | null {
  const m = new RegExp(`class="[^"]*\\b${selectorClass}\\b[^"]*"[^>]*>([\\s\\S]*?)</`).exec(body);
  return m?.[1]?.trim() ?? null;
}

/**
 * Stands for the object `current()` gives at each use: the suite helpers start theirs in a
 * `before` hook, and a test uses it as it would the started one. Used before the start, it throws
 * saying that `what` has not started.
 */
export function lateBound<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const started = current();
      if (!started) throw new Error(`${what} has not started`);
      const value: unknown = Reflect.get(started, key);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}
