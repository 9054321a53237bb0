/**
 * better-auth (the TypeScript authentication library) as a comparison for the recovery request:
 * its password-reset request (`POST /api/auth/request-password-reset`) on SQLite (better-sqlite3
 * with the app's pragmas), served by node's own HTTP server through its node handler, with its
 * rate limit off (the benchmark sends every request from one address; Propusk's are sent each
 * from its own instead) and its reset letter a function that does nothing — better-auth leaves
 * the sending to the application. Four people exist, as in Propusk's recovery mix.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';
import SQLite from 'better-sqlite3';
import { SQLITE_CACHE_KIB } from '../src/db/connect.js';

export const BETTER_AUTH_PEOPLE = ['volkova', 'petrov', 'smirnova', 'admin'].map(
  (name) => `${name}@bench.invalid`,
);

export interface BetterAuthServer {
  listen(): Promise<number>;
  close(): Promise<void>;
}

export async function startBetterAuth(dir: string): Promise<BetterAuthServer> {
  const database = new SQLite(join(dir, 'better-auth.sqlite'));
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  const auth = betterAuth({
    baseURL: 'http://127.0.0.1',
    secret: randomBytes(32).toString('hex'),
    database,
    emailAndPassword: {
      enabled: true,
      // The letter is the application's to send: nothing to do here.
      sendResetPassword: async () => undefined,
    },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { level: 'error' },
  });
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
  for (const email of BETTER_AUTH_PEOPLE) {
    await auth.api.signUpEmail({ body: { email, password: 'Zvezda-4815-bench', name: email } });
  }
  const server = createServer(toNodeHandler(auth));
  return {
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
      }),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      database.close();
    },
  };
}
