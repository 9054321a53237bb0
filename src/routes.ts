/**
 * Every area's routes, in one list. `web/app.ts` builds the HTTP shell (plugins, hooks, errors,
 * the realm scope) and registers what is listed here without knowing any area; an area adds
 * its pages by adding its `register…` function to one of the two lists.
 */
import type { FastifyInstance } from 'fastify';
import { registerAdminApi } from './admin-api/plugin.js';
import { registerWhoami } from './api/whoami.js';
import { registerEmailVerification } from './flows/email-verification/routes.js';
import { registerEsiaSignin } from './flows/esia-signin/routes.js';
import { registerForcedPasswordChange } from './flows/forced-password-change/routes.js';
import { registerPhoneVerification } from './flows/phone-verification/routes.js';
import { registerRecovery } from './flows/recovery/routes.js';
import { registerRegistration } from './flows/registration/routes.js';
import { registerSecondFactor } from './flows/second-factor/routes.js';
import { registerSignature } from './flows/signature/routes.js';
import { registerSignin } from './flows/signin/routes.js';
import { registerMetrics } from './metrics/http.js';
import { registerOidc } from './oidc/routes.js';
import { registerAccess } from './pages/access/routes.js';
import { registerDesk } from './pages/desk/routes.js';
import { registerDevMailbox } from './pages/dev-mailbox/routes.js';
import { registerHelpRequests } from './pages/help/routes.js';
import { registerLanding } from './pages/landing/routes.js';
import { registerProfile } from './pages/profile/routes.js';
import { registerSchools } from './pages/schools/routes.js';
import { registerSettings } from './pages/settings/routes.js';
import { registerSupport } from './pages/support/routes.js';
import type { Services } from './services.js';
import { registerAssets } from './web/assets.js';
import { registerCaptchaPicture } from './web/captcha-picture.js';
import type { DemoDirectory } from './web/demo-directory.js';
import { registerHealth } from './web/health.js';
import { registerLook } from './web/look.js';

/** What the application was built with, for the routes that need it. */
export interface RouteOptions {
  /** Demo people to list on the landing page (demo mode only). */
  readonly demoDirectory: DemoDirectory | null;
}

export type RegisterRoutes = (app: FastifyInstance, services: Services, options: RouteOptions) => void;

/** Routes outside any realm: static assets, health, the landing page, the development mailbox. */
export const SITE_ROUTES: readonly RegisterRoutes[] = [
  // First: it measures the routes declared after it.
  registerMetrics,
  (app) => registerAssets(app),
  registerHealth,
  (app, services, options) => registerLanding(app, services, options.demoDirectory),
  registerDevMailbox,
  registerAdminApi,
];

/** Routes under `/r/<realm>/`: the realm is loaded (or a localised 404 sent) before they run. */
export const REALM_ROUTES: readonly RegisterRoutes[] = [
  registerSignin,
  registerEsiaSignin,
  registerSignature,
  registerSecondFactor,
  registerProfile,
  registerWhoami,
  registerSettings,
  registerForcedPasswordChange,
  registerEmailVerification,
  registerPhoneVerification,
  registerRecovery,
  registerCaptchaPicture,
  (app) => registerLook(app),
  registerSchools,
  registerAccess,
  registerDesk,
  registerHelpRequests,
  registerSupport,
  registerRegistration,
  registerOidc,
];
