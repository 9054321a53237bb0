/**
 * The provider's events as audit events: a person signed in to an application (a code issued),
 * tokens issued for a code, every refusal (at the authorization and token endpoints), an
 * application's logout. An event fires inside the request and cannot wait; the write it starts
 * is waited for before the answer leaves (`alongside`). Unexpected errors go to the log with
 * their stack, never to the person.
 */

import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { Logger } from 'pino';
import type { AuditEntry, AuditLog } from '../core/audit/audit.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import { alongside, requestOf } from './request-context.js';

export interface EventDeps {
  readonly audit: AuditLog;
  readonly logger: Logger;
}

interface ProviderError {
  readonly error?: string;
  readonly error_description?: string;
  readonly error_detail?: string;
  readonly statusCode?: number;
}

export function auditProviderEvents(deps: EventDeps, realm: LoadedRealm, provider: Provider): void {
  const record = (ctx: KoaContextWithOIDC, entry: Omit<AuditEntry, 'realmId' | 'ip' | 'userAgent'>): void => {
    const meta = requestOf(ctx.req);
    const write = deps.audit.append({
      realmId: realm.id,
      ip: meta?.ip ?? null,
      userAgent: meta?.userAgent ?? null,
      ...entry,
    });
    alongside(
      ctx.req,
      write.catch((err: unknown) =>
        deps.logger.error({ err, action: entry.action }, 'audit of a provider event failed'),
      ),
    );
  };
  const clientOf = (ctx: KoaContextWithOIDC): string | null => ctx.oidc.client?.clientId ?? null;
  const refused = (endpoint: string) => (ctx: KoaContextWithOIDC, err: ProviderError) => {
    record(ctx, {
      action: 'oidc.refused',
      subjectId: ctx.oidc.session?.accountId ?? null,
      detail: {
        endpoint,
        client_id: clientOf(ctx),
        error: err.error ?? 'unknown',
        detail: (err.error_detail ?? err.error_description ?? '').slice(0, 200),
      },
    });
  };

  provider.on('authorization.success', (ctx: KoaContextWithOIDC) => {
    record(ctx, {
      action: 'oidc.authorized',
      actorId: ctx.oidc.session?.accountId ?? null,
      subjectId: ctx.oidc.session?.accountId ?? null,
      detail: { client_id: clientOf(ctx), scope: String(ctx.oidc.params?.scope ?? '') },
    });
  });
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    record(ctx, {
      action: 'oidc.token_issued',
      // Whose tokens (the code's or refresh token's person); none for client credentials.
      subjectId: ctx.oidc.account?.accountId ?? null,
      detail: { client_id: clientOf(ctx), grant_type: String(ctx.oidc.params?.grant_type ?? '') },
    });
  });
  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
    record(ctx, {
      action: 'oidc.logout',
      subjectId: ctx.oidc.session?.accountId ?? null,
      detail: { client_id: clientOf(ctx) },
    });
  });
  // Back-channel logouts oidc-provider sends itself (an application's logout reaching the others).
  const backchannel =
    (delivered: boolean) =>
    (ctx: KoaContextWithOIDC, ...rest: unknown[]) => {
      const [client, accountId] = delivered ? rest : rest.slice(1);
      record(ctx, {
        action: 'oidc.backchannel_logout',
        subjectId: typeof accountId === 'string' ? accountId : null,
        detail: {
          client_id: (client as { clientId?: string } | undefined)?.clientId ?? null,
          delivered,
          reason: 'end_session',
        },
      });
    };
  provider.on('backchannel.success', backchannel(true));
  provider.on('backchannel.error', backchannel(false));
  provider.on('authorization.error', refused('authorization'));
  provider.on('grant.error', refused('token'));
  provider.on('end_session.error', refused('end_session'));
  provider.on('end_session_confirm.error', refused('end_session'));
  provider.on('introspection.error', refused('introspection'));
  provider.on('revocation.error', refused('revocation'));
  provider.on('userinfo.error', refused('userinfo'));
  provider.on('server_error', (ctx: KoaContextWithOIDC, err: unknown) => {
    deps.logger.error({ err, realm: realm.id, route: ctx.oidc?.route }, 'oidc provider error');
  });
}
