/** Signing in and getting access back with ЭЦП (article 004): every page of the area. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { registerSignatureForgot } from './forgot-routes.js';
import { registerSignatureReset } from './reset-routes.js';
import { registerSignatureSignin } from './signin-routes.js';

export function registerSignature(app: FastifyInstance, services: Services): void {
  registerSignatureSignin(app, services);
  registerSignatureForgot(app, services);
  registerSignatureReset(app, services);
}
