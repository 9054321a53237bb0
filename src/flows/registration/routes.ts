/**
 * Routes of registration at the school's address (realms with `registrationByCode`, as ElJur; in
 * any other realm, or for a slug that is not a school of this realm, a 404):
 *
 *   GET  /r/:realm/s/:slug/hello                  «Регистрация»: the code              routes-code.ts
 *   POST /r/:realm/s/:slug/hello                  check the code, start the flow → the account form
 *   GET  /r/:realm/s/:slug/hello/account?flow=…   login, password, contacts, name, «Дети»  routes-account.ts
 *   POST /r/:realm/s/:slug/hello/account          register → «…успешно завершена»
 *   GET  /r/:realm/s/:slug/hello/done?flow=…      «Регистрация в системе успешно завершена»  routes-done.ts
 *   GET  /r/:realm/s/:slug/hello/login?flow=…&login=…   `{ available, message }` for a script
 *
 * Each handler: parse (a schema) → CSRF (pre-handler) → call the step → render. The flow is
 * bound to this browser by the flow engine's cookie; its id alone opens nothing elsewhere.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { routeKit } from './route-kit.js';
import { registerAccountRoutes } from './routes-account.js';
import { registerCodeRoutes } from './routes-code.js';
import { registerDoneRoutes } from './routes-done.js';

/** The route a test or `app.ts` can ask `hasRoute` about. */
export const HELLO_ROUTE = '/r/:realm/s/:slug/hello';

export function registerRegistration(app: FastifyInstance, services: Services): void {
  const kit = routeKit(services);
  registerCodeRoutes(app, kit);
  registerAccountRoutes(app, kit);
  registerDoneRoutes(app, kit);
}
