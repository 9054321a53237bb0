/**
 * Everything of the OpenID Connect provider a browser or an application reaches, registered in
 * the realm scope: the provider's endpoints, the sign-in and consent steps on our pages, and
 * «Приложения с доступом».
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { registerApps } from './apps/routes.js';
import { registerInteractions } from './interaction/routes.js';
import { registerOidcEndpoints } from './mount.js';

export function registerOidc(realmScope: FastifyInstance, services: Services): void {
  registerOidcEndpoints(realmScope, services);
  registerInteractions(realmScope, services);
  registerApps(realmScope, services);
}
