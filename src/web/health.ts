/**
 * Liveness (`/healthz`: the process answers) and readiness (`/readyz`: every dependency the
 * service needs answers). Readiness checks, each with a short deadline so a hung dependency
 * makes the probe fail rather than hang:
 * - `database`: a `select 1`;
 * - `schema`: every migration of this code is applied and no unknown one (`current`, else
 *   `empty`, `behind` or `ahead`);
 * - `redis` (when `REDIS_URL` is set): a PING.
 * 200 with `status: ready` when all pass; 503 with `status: unavailable` and `down` naming what
 * failed otherwise. Nothing else is said (no addresses, no error text): the route is public.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { schemaStatus } from '../db/migrate.js';
import type { Services } from '../services.js';

const CHECK_DEADLINE_MS = 2000;

type CheckResult = 'ok' | 'down' | 'not configured' | 'current' | 'empty' | 'behind' | 'ahead';

function withDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('readiness check timed out')), CHECK_DEADLINE_MS);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Record<'database' | 'schema' | 'redis', CheckResult>;
  readonly down: string[];
}

export async function readiness(services: Services): Promise<Readiness> {
  const [database, schema, redis] = await Promise.all([
    withDeadline(sql`select 1`.execute(services.db)).then(
      (): CheckResult => 'ok',
      (): CheckResult => 'down',
    ),
    withDeadline(schemaStatus(services.handle)).then(
      (status): CheckResult => status.state,
      (): CheckResult => 'down',
    ),
    services.redis
      ? withDeadline(services.redis.ping()).then(
          (): CheckResult => 'ok',
          (): CheckResult => 'down',
        )
      : Promise.resolve<CheckResult>('not configured'),
  ]);
  const checks = { database, schema, redis };
  const down = [
    ...(database === 'ok' ? [] : ['database']),
    ...(schema === 'current' ? [] : ['schema']),
    ...(redis === 'ok' || redis === 'not configured' ? [] : ['redis']),
  ];
  return { ready: down.length === 0, checks, down };
}

export function registerHealth(app: FastifyInstance, services: Services): void {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (request, reply) => {
    const result = await readiness(services);
    const body = { database: services.handle.dialect, checks: result.checks };
    if (result.ready) return { status: 'ready', ...body };
    request.log.warn({ down: result.down, checks: result.checks }, 'not ready');
    return reply.code(503).send({ status: 'unavailable', down: result.down, ...body });
  });
}
