/**
 * `GET /r/<realm>/captcha/<token>.png`: the picture of a captcha challenge, drawn when a browser
 * asks for it (the form page only names it, so showing a form costs no drawing).
 *
 * Rules:
 * - A token that is forged, malformed, expired, already answered or not a picture is a
 *   localised 404, found by cheap checks (a MAC, one indexed read) before anything is counted.
 * - Drawing is counted per realm and IP before it is done: 60 pictures per 10 minutes, enough
 *   for a class behind one NAT reloading pictures, and past it a localised 429 with Retry-After.
 * - The same token is always the same picture (see captcha.ts), so fetching it again shows
 *   nothing new.
 */
import type { FastifyInstance } from 'fastify';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { Services } from '../services.js';
import { realmOf, realmPath } from './auth.js';
import { clientIp } from './context.js';
import { sendError } from './error-handler.js';

export const CAPTCHA_PICTURE_LIMIT = { name: 'captcha-picture-ip', points: 60, windowSeconds: 600 } as const;

/** The address prefix of pictures in a realm: the picture of token T is `${base}T.png`. */
export function captchaPictureBase(realm: LoadedRealm): string {
  return realmPath(realm, '/captcha/');
}

export function registerCaptchaPicture(app: FastifyInstance, services: Services): void {
  const limiter = services.limiters.limiter(CAPTCHA_PICTURE_LIMIT);
  app.get('/captcha/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    const picture = file.endsWith('.png') ? await services.captcha.picture(file.slice(0, -4)) : null;
    if (!picture) return sendError(request, reply, 'not_found');
    const state = await limiter.hit(`${realmOf(request).id}:${clientIp(request)}`);
    if (!state.allowed) {
      reply.header('retry-after', String(state.retryAfterSeconds));
      return sendError(request, reply, 'too_many_requests');
    }
    return reply.code(200).type('image/png').send(picture.draw());
  });
}
