/**
 * Routes of «Восстановите доступ», one file per step: the requests (`request-routes.ts`), the
 * link from the letter (`link-routes.ts`) and the SMS branch (`sms-routes.ts`). Each parses its
 * form by schema, calls a step of the flow, and renders with `pages.ts`.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { registerLinkRoutes } from './link-routes.js';
import { recoveryPages } from './pages.js';
import { registerRequestRoutes } from './request-routes.js';
import { registerSmsRoutes } from './sms-routes.js';

export function registerRecovery(app: FastifyInstance, services: Services): void {
  const pages = recoveryPages(services);
  registerRequestRoutes(app, services, pages);
  registerLinkRoutes(app, services, pages);
  registerSmsRoutes(app, services, pages);
}
