/**
 * Sending the browser to ESIA: ESIA asked whether it answers at all, a fresh UUID `state` and a
 * nonce, the authorization request signed, then a flow bound to this browser (its id in a
 * cookie of the realm's `/esia/` path, the state kept only as a keyed hash) and a 303 to ESIA.
 *
 * The pages whose forms start this (the region choice, «Связать с госуслугами») allow the
 * configured ESIA origin — and only it — in their CSP `form-action` (`allowEsiaForms`):
 * browsers hold a form's whole redirect chain to it, so with `'self'` alone the 303 would be
 * blocked. ESIA not answering or our signer failing stop here with a «Госуслуги недоступны»
 * page (424, or 503 for our signer), the reason in the operator's log and the audit; nothing is started.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newToken } from '../../core/crypto/secrets.js';
import { extended } from '../../core/extended.js';
import type { EsiaClient, EsiaFailure } from '../../esia/client.js';
import { failureText } from '../../esia/errors.js';
import type { Services } from '../../services.js';
import { realmFrame, realmOf, realmPath } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { ESIA_FLOW_COOKIE, ESIA_FLOW_TTL_MS, esiaFlow } from './machine.js';
import { failurePage } from './views.js';

/** This reply's CSP lets its forms lead (through our 303) to the realm's ESIA and nowhere else. */
export function allowEsiaForms(reply: FastifyReply, client: EsiaClient): void {
  const csp = reply.getHeader('content-security-policy');
  if (typeof csp !== 'string') return;
  const origin = new URL(client.config.baseUrl).origin;
  reply.header('content-security-policy', csp.replace("form-action 'self'", `form-action 'self' ${origin}`));
}

/** Why ESIA could not be used, for the operator: the signer's own words or the kind of failure. */
export function failureDetail(failure: EsiaFailure): string {
  if (failure.kind === 'signer') return failure.reason;
  if (failure.kind === 'esia') return `esia ${failure.code ?? failure.error}`;
  if (failure.kind === 'token') return `token ${failure.problem}`;
  return failure.kind;
}

/** The «Госуслуги недоступны» page of a failure before or after ESIA, logged with its reason. */
export async function esiaUnavailable(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  step: string,
  failure: EsiaFailure,
  personId: string | null,
): Promise<FastifyReply> {
  const realm = realmOf(request);
  const detail = failureDetail(failure);
  request.log.error({ realm: realm.id, step, esia: detail }, `ESIA ${step} failed: ${detail}`);
  await services.audit.append({
    realmId: realm.id,
    action: 'esia.signin_failed',
    actorId: personId,
    subjectId: personId,
    ip: clientIp(request),
    userAgent: userAgent(request),
    detail: { reason: `${step}:${failure.kind}` },
  });
  const text = failureText(failure);
  reply.header('retry-after', '60');
  return sendHtml(
    reply,
    text.status,
    failurePage(
      extended(realmFrame(services, request, '/esia/start'), {
        title: text.unavailable ? 'esia.unavailable.title' : 'esia.error.title',
        reasons: [text.key],
        code: text.code,
        school: null,
      }),
    ),
  );
}

export async function startEsia(
  services: Services,
  client: EsiaClient,
  request: FastifyRequest,
  reply: FastifyReply,
  purpose: 'signin' | 'link',
  personId: string | null,
  returnTo: string | null = null,
): Promise<FastifyReply> {
  const realm = realmOf(request);
  const secure = !services.config.demo;
  const up = await client.reachable();
  if (!up.ok) return esiaUnavailable(services, request, reply, 'start', up.failure, personId);
  const state = randomUUID();
  const nonce = newToken();
  const url = await client.authorizationUrl({ state, nonce, now: services.clock.now() });
  if (!url.ok) return esiaUnavailable(services, request, reply, 'start', url.failure, personId);
  const flow = await services.flows.start(services.db, esiaFlow, {
    realmId: realm.id,
    state: 'sent',
    personId,
    data: { stateHash: services.keyed.hash('esia-state', state), nonce, purpose, returnTo },
    ttlMs: ESIA_FLOW_TTL_MS,
    browserToken: flowBrowserToken(request, reply, secure),
  });
  reply.setCookie(ESIA_FLOW_COOKIE, flow.id, {
    path: realmPath(realm, '/esia/'),
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
  return reply.redirect(url.value, 303);
}
