/**
 * «Ключи доступа» in «Настройки» (passkeys, factors/webauthn.ts):
 *
 *   POST /settings/passkeys/options   a name → a `passkey-registration` flow (the challenge,
 *                                     bound to the person and browser, 5 minutes) → JSON options
 *   POST /settings/passkeys/add       the browser's credential → verified against the flow's
 *                                     challenge (spent with it) → stored, audited
 *   POST /settings/passkeys/remove    the current password → removed, audited
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineFlow } from '../../core/flows/machine.js';
import { html } from '../../core/html/html.js';
import { MAX_PASSKEYS } from '../../factors/passkeys.js';
import {
  parseCredential,
  registrationOptions,
  relyingParty,
  verifyRegistration,
} from '../../factors/webauthn.js';
import type { Services } from '../../services.js';
import { reauthenticate } from '../../sessions/reauth.js';
import { realmFrame, realmOf, realmPath, requirePerson, requirePersonWithHash } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { formText, parseForm } from '../../web/form.js';
import { notice, realmPage } from '../../web/views/layout.js';

type RegState = 'issued' | 'done';
type RegData = { readonly challenge: string; readonly name: string };

export const passkeyRegistration = defineFlow<RegState, RegData>({
  kind: 'passkey-registration',
  transitions: { issued: ['done'], done: [] },
  ended: ['done'],
});

const NameForm = z.object({ name: formText(200) });
const AddForm = z.object({ flow: formText(40), credential: formText(16_000) });
const RemoveForm = z.object({ passkey: formText(400), current_password: formText(1024) });

/** A name a person gives a passkey: 1–60 characters, no control characters. */
function nameOf(typed: string): string | null {
  const name = typed.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  return name.length > 0 && name.length <= 60 && !/[\u0000-\u001f\u007f]/.test(name) ? name : null;
}

export function registerPasskeySettings(app: FastifyInstance, services: Services): void {
  const secure = !services.config.demo;
  const meta = (request: FastifyRequest) => ({ ip: clientIp(request), userAgent: userAgent(request) });
  const rpOf = (request: FastifyRequest) =>
    relyingParty(services.config.baseUrl, realmOf(request).settings.productName);

  function page(request: FastifyRequest, reply: FastifyReply, status: number, text: string) {
    const f = realmFrame(services, request, '/settings');
    return sendHtml(
      reply,
      status,
      realmPage(
        f,
        request.t('mfa.passkeys_title'),
        html`<section class="card passkey-result"><h1>${request.t('mfa.passkeys_title')}</h1>${notice('error', text)}
        <p><a href="${realmPath(f.realm, '/settings')}">${request.t('settings.back_to_settings')}</a></p></section>`,
      ),
    );
  }

  app.post('/settings/passkeys/options', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const parsed = parseForm(NameForm, request.body);
    const name = parsed.ok ? nameOf(parsed.form.name) : null;
    if (!name) return reply.code(400).send({ message: request.t('mfa.passkey_name_required') });
    const existing = await services.factors.passkeys.listOf(signedIn.person.id);
    if (existing.length >= MAX_PASSKEYS)
      return reply.code(409).send({ message: request.t('mfa.passkey_too_many', { count: MAX_PASSKEYS }) });
    const { person } = signedIn;
    const displayName = [person.last_name, person.first_name].filter(Boolean).join(' ') || person.login;
    const options = await registrationOptions(
      rpOf(request),
      { id: person.id, login: person.login, displayName },
      existing,
    );
    const flow = await services.flows.start(services.db, passkeyRegistration, {
      realmId: realm.id,
      state: 'issued',
      personId: person.id,
      data: { challenge: options.challenge, name },
      ttlMs: 5 * 60 * 1000,
      browserToken: flowBrowserToken(request, reply, secure),
    });
    return reply.send({ flow: flow.id, options });
  });

  app.post('/settings/passkeys/add', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePerson(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const parsed = parseForm(AddForm, request.body);
    const failed = async (status: number, reason: string) => {
      await services.audit.append({
        realmId: realm.id,
        action: 'passkey.rejected',
        actorId: signedIn.person.id,
        subjectId: signedIn.person.id,
        ...meta(request),
        detail: { reason, at: 'settings' },
      });
      return page(request, reply, status, request.t('mfa.passkey_failed'));
    };
    if (!parsed.ok) return failed(400, 'form');
    const found = await services.flows.load(passkeyRegistration, realm.id, parsed.form.flow, {
      browserToken: flowBrowserToken(request, reply, secure),
      personId: signedIn.person.id,
    });
    if (found.kind !== 'live') return failed(found.kind === 'missing' ? 404 : 410, `flow_${found.kind}`);
    // The challenge is spent whatever the answer: one credential per challenge.
    if (!(await services.flows.move(services.db, passkeyRegistration, found.flow, 'done')))
      return failed(409, 'raced');
    const response = parseCredential<Parameters<typeof verifyRegistration>[1]>(parsed.form.credential);
    if (!response) return failed(400, 'malformed');
    const credential = await verifyRegistration(rpOf(request), response, found.flow.data.challenge);
    if (!credential) return failed(400, 'not_verified');
    const added = await services.db.transaction().execute(async (trx) => {
      const ok = await services.factors.passkeys.add(trx, {
        id: credential.id,
        realmId: realm.id,
        personId: signedIn.person.id,
        name: found.flow.data.name,
        publicKey: credential.publicKey,
        counter: credential.counter,
        transports: credential.transports ?? [],
      });
      if (ok)
        await services.audit.append(
          {
            realmId: realm.id,
            action: 'passkey.added',
            actorId: signedIn.person.id,
            subjectId: signedIn.person.id,
            ...meta(request),
            detail: { name: found.flow.data.name },
          },
          trx,
        );
      return ok;
    });
    if (!added) return failed(409, 'duplicate');
    return reply.redirect(realmPath(realm, '/settings?done=passkey_added'), 303);
  });

  app.post('/settings/passkeys/remove', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = await requirePersonWithHash(services, request, reply);
    if (!signedIn) return reply;
    const realm = realmOf(request);
    const parsed = parseForm(RemoveForm, request.body);
    const form = parsed.ok ? parsed.form : { passkey: '', current_password: '' };
    const verdict = await reauthenticate(services, signedIn.person).verify(form.current_password);
    const t = request.t;
    if (verdict.kind === 'throttled') {
      reply.header('retry-after', String(verdict.retryAfterSeconds));
      return page(
        request,
        reply,
        429,
        t('settings.throttled', { minutes: Math.ceil(verdict.retryAfterSeconds / 60) }),
      );
    }
    if (verdict.kind === 'missing') return page(request, reply, 400, t('settings.current_password_required'));
    if (verdict.kind === 'wrong') return page(request, reply, 401, t('settings.current_password_wrong'));
    const removed = await services.db.transaction().execute(async (trx) => {
      const ok = await services.factors.passkeys.remove(trx, signedIn.person.id, form.passkey);
      if (ok)
        await services.audit.append(
          {
            realmId: realm.id,
            action: 'passkey.removed',
            actorId: signedIn.person.id,
            subjectId: signedIn.person.id,
            ...meta(request),
          },
          trx,
        );
      return ok;
    });
    if (!removed) return page(request, reply, 404, t('mfa.passkey_not_found'));
    return reply.redirect(realmPath(realm, '/settings?done=passkey_removed'), 303);
  });
}
