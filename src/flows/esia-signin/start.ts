/**
 * Sending the browser to ESIA: a flow bound to this browser (its id in a cookie of the realm's
 * `/esia/` path), a fresh UUID `state` kept only as a keyed hash, a nonce for the id_token, and
 * the signed authorization request. The caller has checked that the realm has ESIA.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newToken } from '../../core/crypto/secrets.js';
import type { EsiaClient } from '../../esia/client.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf, realmPath } from '../../web/auth.js';
import { sendHtml } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { ESIA_FLOW_COOKIE, ESIA_FLOW_TTL_MS, esiaFlow } from './machine.js';
import { goingToEsiaPage } from './views.js';

export async function startEsia(
  services: Services,
  client: EsiaClient,
  request: FastifyRequest,
  reply: FastifyReply,
  purpose: 'signin' | 'link',
  personId: string | null,
): Promise<FastifyReply> {
  const realm = realmOf(request);
  const secure = !services.config.demo;
  const state = randomUUID();
  const nonce = newToken();
  const flow = await services.flows.start(services.db, esiaFlow, {
    realmId: realm.id,
    state: 'sent',
    personId,
    data: { stateHash: services.keyed.hash('esia-state', state), nonce, purpose },
    ttlMs: ESIA_FLOW_TTL_MS,
    browserToken: flowBrowserToken(request, reply, secure),
  });
  reply.setCookie(ESIA_FLOW_COOKIE, flow.id, {
    path: realmPath(realm, '/esia/'),
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
  const url = await client.authorizationUrl({ state, nonce, now: services.clock.now() });
  // Not a redirect: the form that started this may only go to our own origin (CSP form-action),
  // so the page goes on to ESIA by itself (a refresh with no delay), or by its link.
  return sendHtml(reply, 200, goingToEsiaPage(realmFrame(services, request, '/esia/start'), url));
}
