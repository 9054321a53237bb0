/**
 * What the Fastify side knows about a request (realm, locale, client address) handed to the
 * provider's Koa application, which sees only the raw Node request: a weak map keyed by that
 * request, filled by the mount (`mount.ts`) before the provider runs.
 */
import type { IncomingMessage } from 'node:http';
import type { Locale, Translate } from '../core/i18n/i18n.js';
import type { LoadedRealm } from '../realms/realm-store.js';

export interface ProviderRequest {
  readonly realm: LoadedRealm;
  readonly locale: Locale;
  readonly t: Translate;
  readonly ip: string;
  readonly userAgent: string | null;
  readonly demo: boolean;
}

const contexts = new WeakMap<IncomingMessage, ProviderRequest>();

export function attachRequest(req: IncomingMessage, context: ProviderRequest): void {
  contexts.set(req, context);
}

export function requestOf(req: IncomingMessage): ProviderRequest | undefined {
  return contexts.get(req);
}

const pending = new WeakMap<IncomingMessage, Promise<unknown>[]>();

/**
 * Work a provider event starts during a request (an audit event): the provider's outermost
 * middleware waits for it (`settle`) before the answer leaves, so the answer never races it.
 */
export function alongside(req: IncomingMessage, work: Promise<unknown>): void {
  const list = pending.get(req);
  if (list) list.push(work);
  else pending.set(req, [work]);
}

export async function settle(req: IncomingMessage): Promise<void> {
  const list = pending.get(req);
  if (list) await Promise.allSettled(list);
}
