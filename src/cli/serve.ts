/**
 * `propusk serve` (and `demo`): listen, then start the background work (the outbox worker and
 * the janitor), and finish requests in flight on SIGTERM/SIGINT. A port that cannot be listened
 * on is a `StartupError` (one line, exit code 2).
 */
import type { Services } from '../services.js';
import { buildApp } from '../web/app.js';
import type { DemoDirectory } from '../web/demo-directory.js';
import { describeListenFault } from './startup.js';

export async function serve(services: Services, demoDirectory: DemoDirectory | null): Promise<void> {
  const app = await buildApp(services, demoDirectory ? { demoDirectory } : {});
  const { config } = services;
  let address: string;
  try {
    address = await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    throw describeListenFault(err, config.host, config.port) ?? err;
  }
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await app.close();
      await services.close(); // stops the outbox worker after its current pass
      await services.handle.close();
      app.log.info('shutdown complete');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  services.worker.start(config.outboxPollMs);
  services.janitor.start(config.janitor.intervalMinutes * 60_000);
  if (services.redis && services.redis.status !== 'ready') {
    app.log.warn('redis is not reachable yet: pages that need it answer 503 until it is (see /readyz)');
  }
  app.log.info({ address, demo: config.demo, database: services.handle.dialect }, 'propusk listening');
}
