/**
 * The provider keeps its own session (a cookie of its own, scoped to `/r/<realm>/oidc`); the
 * person's real session is Propusk's. This middleware, run before oidc-provider on the
 * authorization endpoint, keeps the two in step:
 *
 * - a provider session whose person is not the one signed in to Propusk in this browser (signed
 *   out, the session expired or was ended, someone else signed in) is ended first — its
 *   applications get a back-channel logout — so the request starts from no provider session and
 *   goes through the sign-in interaction (or is answered `login_required` under `prompt=none`);
 * - after oidc-provider has answered, the provider session the Propusk session stands behind is
 *   linked to it, so that ending the Propusk session later ends this one too (`logout.ts`).
 *
 * On the end-session endpoint it signs the person out of Propusk as well when they chose «Да,
 * выйти» (the provider session was destroyed): «Выйти» in an application is a sign-out.
 */
import type { IncomingMessage } from 'node:http';
import type { KoaContextWithOIDC, Middleware, Provider } from 'oidc-provider';
import type { AuditLog } from '../core/audit/audit.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { SessionService, SignedIn } from '../sessions/sessions.js';
import { sessionCookieName } from '../web/session-cookie.js';
import { endProviderSession, type LogoutDeps } from './logout.js';
import { requestOf } from './request-context.js';

export interface SyncDeps extends LogoutDeps {
  readonly sessions: SessionService;
  readonly audit: AuditLog;
  readonly secure: boolean;
}

const signedInOf = new WeakMap<IncomingMessage, SignedIn | null>();

/** The Propusk session this request to the provider came with (validated once per request). */
export function propuskSessionOf(ctx: KoaContextWithOIDC): SignedIn | null {
  return signedInOf.get(ctx.req) ?? null;
}

/** The `Set-Cookie` that clears the Propusk session cookie, as `clearSessionCookie` writes it. */
function clearedSessionCookie(realmId: string, secure: boolean): string {
  const name = sessionCookieName(realmId, secure);
  return `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function sessionSync(deps: SyncDeps, realm: LoadedRealm, provider: Provider): Middleware {
  const base = `/oidc/auth`;
  const endSession = '/oidc/session/end/confirm';
  const cookie = sessionCookieName(realm.id, deps.secure);

  async function readPropusk(ctx: KoaContextWithOIDC): Promise<SignedIn | null> {
    const token = ctx.cookies.get(cookie, { signed: false });
    const signedIn = token ? await deps.sessions.validate(realm.id, token, realm.settings.session) : null;
    signedInOf.set(ctx.req, signedIn);
    return signedIn;
  }

  async function endStrangerSession(ctx: KoaContextWithOIDC, signedIn: SignedIn | null): Promise<void> {
    const id = ctx.cookies.get(provider.cookieName('session'), { signed: true });
    if (!id) return;
    const session = await provider.Session.find(id);
    if (session?.accountId && session.accountId !== signedIn?.person.id) {
      await endProviderSession(deps, realm, session, 'propusk_session_gone');
    }
  }

  return async (ctx, next) => {
    const path = ctx.path;
    if (path === base || path.startsWith(`${base}/`)) {
      const signedIn = await readPropusk(ctx);
      await endStrangerSession(ctx, signedIn);
      await next();
      const session = ctx.oidc?.session;
      if (signedIn && session?.accountId === signedIn.person.id && !session.destroyed) {
        await deps.links.link({
          sessionId: signedIn.session.id,
          realmId: realm.id,
          personId: signedIn.person.id,
          oidcSessionUid: session.uid,
          expiresAt: signedIn.session.expires_at,
        });
      }
      return;
    }
    if (path === endSession && ctx.method === 'POST') {
      await next();
      if (ctx.oidc?.session?.destroyed) await signOutOfPropusk(ctx);
      return;
    }
    await next();
  };

  async function signOutOfPropusk(ctx: KoaContextWithOIDC): Promise<void> {
    const token = ctx.cookies.get(cookie, { signed: false });
    const ended = token ? await deps.sessions.revoke(realm.id, token) : null;
    ctx.res.appendHeader('set-cookie', clearedSessionCookie(realm.id, deps.secure));
    if (!ended) return;
    const meta = requestOf(ctx.req);
    await deps.audit.append({
      realmId: realm.id,
      action: 'signout',
      actorId: ended.person_id,
      subjectId: ended.person_id,
      ip: meta?.ip ?? null,
      userAgent: meta?.userAgent ?? null,
      detail: { via: 'oidc.end_session', client_id: ctx.oidc.client?.clientId ?? null },
    });
  }
}
