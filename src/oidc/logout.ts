/**
 * Ending provider sessions when their Propusk session ends, with OpenID Connect Back-Channel
 * Logout 1.0: every application the provider session signed in that registered a
 * `backchannel_logout_uri` gets a logout token (signed like an ID token, with the session's
 * `sid`) by a server-to-server POST.
 *
 * Ending is immediate and local: the provider session is destroyed and the grants it held are
 * revoked (what an application got through a session that is over stops working). The POSTs
 * are jobs (`messaging/jobs.ts`), one per application: the outbox worker sends them off the
 * request path, retries one that failed with the outbox's backoff, and a slow or unreachable
 * application never delays the person. Each delivery, or giving up, is an audit event.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Provider, Session } from 'oidc-provider';
import type { Logger } from 'pino';
import type { AuditLog } from '../core/audit/audit.js';
import type { Database } from '../db/schema.js';
import type { SendResult } from '../messaging/email-transport.js';
import type { JobHandler, Jobs } from '../messaging/jobs.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { EndedSession, SessionEndReason } from '../sessions/sessions.js';
import { revokeGrant } from './adapter.js';
import type { SessionLinks } from './session-links.js';

export const BACKCHANNEL_JOB = 'oidc.backchannel-logout';

export interface LogoutDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly logger: Logger;
  readonly links: SessionLinks;
  readonly jobs: Jobs;
  /** Wakes the worker after queuing (it would otherwise wait for its next poll). */
  readonly kick: () => void;
}

/** Destroys a provider session, revokes its grants and queues its applications' logout tokens. */
export async function endProviderSession(
  deps: LogoutDeps,
  realm: LoadedRealm,
  session: Session,
  reason: string,
): Promise<void> {
  const accountId = session.accountId;
  let queued = 0;
  for (const [clientId, authorization] of Object.entries(session.authorizations ?? {})) {
    if (accountId && authorization.sid) {
      const key = createHash('sha256')
        .update(`${realm.id}\u0000${clientId}\u0000${authorization.sid}`)
        .digest('hex');
      await deps.jobs.enqueue(deps.db, {
        realmId: realm.id,
        name: BACKCHANNEL_JOB,
        locale: realm.settings.defaultLocale,
        idempotencyKey: `oidc.bcl:${key}`,
        input: { clientId, accountId, sid: authorization.sid, reason },
      });
      queued++;
    }
    if (authorization.grantId) await revokeGrant(deps.db, realm.id, authorization.grantId, true);
  }
  await session.destroy();
  await deps.links.forgetOidcSession(realm.id, session.uid);
  if (queued > 0) deps.kick();
}

/**
 * The job that sends one logout token. Applications without a back-channel URI are skipped
 * (done); a failed POST is retried by the outbox; every outcome is audited.
 */
export function backchannelJob(
  deps: LogoutDeps,
  providerFor: (realmId: string) => Promise<{ provider: Provider; realm: LoadedRealm } | null>,
): JobHandler {
  return async (job): Promise<SendResult> => {
    const { clientId, accountId, sid, reason } = job.input;
    if (
      typeof clientId !== 'string' ||
      typeof accountId !== 'string' ||
      typeof sid !== 'string' ||
      !job.realmId
    ) {
      return { ok: false, permanent: true, error: 'malformed back-channel logout job' };
    }
    const found = await providerFor(job.realmId);
    const client = found ? await found.provider.Client.find(clientId).catch(() => undefined) : undefined;
    if (!client?.backchannelLogoutUri) return { ok: true, providerId: null };
    const outcome = await client.backchannelLogout(accountId, sid).then(
      () => ({ ok: true as const, providerId: null }),
      (err: unknown) => {
        deps.logger.warn({ err, clientId, realm: job.realmId }, 'back-channel logout failed');
        return {
          ok: false as const,
          permanent: false,
          error: err instanceof Error ? err.message : String(err),
        };
      },
    );
    await deps.audit.append({
      realmId: job.realmId,
      action: 'oidc.backchannel_logout',
      subjectId: accountId,
      detail: {
        client_id: clientId,
        delivered: outcome.ok,
        reason: typeof reason === 'string' ? reason : null,
      },
    });
    return outcome;
  };
}

/**
 * The listener of ended Propusk sessions: ends the provider sessions they signed in (destroyed
 * at once; their logout tokens queued).
 */
export function onPropuskSessionsEnded(
  deps: LogoutDeps,
  providerFor: (realmId: string) => Promise<{ provider: Provider; realm: LoadedRealm } | null>,
): (ended: readonly EndedSession[], reason: SessionEndReason) => Promise<void> {
  return async (ended, reason) => {
    try {
      const links = await deps.links.takeFor(ended.map((s) => s.id));
      for (const link of links) {
        const found = await providerFor(link.realmId);
        const session = found ? await found.provider.Session.findByUid(link.oidcSessionUid) : undefined;
        if (found && session) await endProviderSession(deps, found.realm, session, reason);
      }
    } catch (err) {
      deps.logger.error({ err }, 'ending the provider sessions of ended sessions failed');
    }
  };
}
