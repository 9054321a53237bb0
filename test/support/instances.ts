/**
 * Several real `propusk serve` processes on one PostgreSQL database and one Redis, as they run
 * behind a load balancer: a database of their own (created, migrated and seeded here, dropped
 * afterwards), a local SMTP server and SMS gateway both processes send to, and a browser that
 * talks to any of them with one cookie jar.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../src/core/paths.js';
import { FAST_ARGON2, TEST_SECRET } from './harness.js';
import { freePort } from './smtp.js';

const CLI = join(projectRoot(), 'dist', 'src', 'cli', 'main.js');

/** A PostgreSQL database of its own on the server of `url`; `drop` removes it. */
export async function freshPostgresDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `propusk_inst_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const own = new URL(url);
  own.pathname = `/${name}`;
  return {
    url: own.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface Instance {
  readonly name: string;
  readonly base: string;
  readonly process: ChildProcess;
  /** What the process wrote to stderr (warnings and errors: LOG_LEVEL is warn). */
  stderr(): string;
  /** Ends it with SIGKILL: no shutdown, no lease given back. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `propusk serve` on `env` and waits until /readyz answers 200. */
export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      PROPUSK_SECRET: TEST_SECRET,
      BASE_URL: 'https://propusk.test',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '200',
      ARGON2_MEMORY_KIB: String(FAST_ARGON2.ARGON2_MEMORY_KIB),
      ARGON2_ITERATIONS: String(FAST_ARGON2.ARGON2_ITERATIONS),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited at start: ${err}`);
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (ready === 200) break;
    if (Date.now() > until) throw new Error(`${name} not ready within 30 s: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    name,
    base,
    process: child,
    stderr: () => err,
    kill9: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}

let addresses = 0;

/** A browser: one cookie jar and one address, talking to whichever instance it is given. */
export class Browser {
  readonly cookies = new Map<string, string>();
  readonly address = `203.0.${(++addresses >> 8) & 255}.${addresses & 255}`;

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    const res = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-forwarded-for': this.address,
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...init.headers,
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: res.status, headers: res.headers, body: await res.text() };
  }

  /** Opens `page` and posts its form to `action` with the page's CSRF token and `fields`. */
  async submit(page: string, action: string, fields: Record<string, string>) {
    const opened = await this.request(page);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(opened.body)?.[1] ?? '';
    return this.request(action, { form: { _csrf: csrf, ...fields } });
  }
}

/**
 * Answers a page's proof-of-work captcha as the browser's script would: the number whose
 * SHA-256 after the salt is the challenge. Returns the form fields.
 */
export function solvePow(body: string): { captcha_id: string; captcha: string } {
  const block =
    /data-captcha-pow[\s\S]*?data-challenge="([0-9a-f]+)"[\s\S]*?data-salt="([^"]+)"[\s\S]*?data-maxnumber="(\d+)"[\s\S]*?name="captcha_id" value="([^"]+)"/.exec(
      body,
    );
  if (!block) throw new Error('the page has no proof-of-work captcha');
  const [, challenge, saltHtml, max, id] = block as unknown as [string, string, string, string, string];
  const salt = saltHtml.replace(/&amp;/g, '&');
  for (let n = 0; n <= Number(max); n++) {
    if (createHash('sha256').update(`${salt}${n}`).digest('hex') === challenge)
      return { captcha_id: id, captcha: String(n) };
  }
  throw new Error('the proof of work has no answer');
}
