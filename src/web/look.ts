/**
 * A realm's look on the wire: `/r/<realm>/look.css` (its primary colour in the style sheet's
 * variables), `/r/<realm>/logo` and `/r/<realm>/favicon` (the images of its settings). Pages
 * link them with the look's fingerprint in the query (`?v=`), so they may be cached for a day;
 * a changed look is a new address.
 *
 * Rules: only what the settings hold is served, with the type the bytes were recognised as when
 * the setting was saved (`realms/look.ts`); `nosniff` is set for every answer by the security
 * headers; a realm without a logo or favicon answers 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type LookImage, lookCss, lookVersion } from '../realms/look.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import { realmOf } from './auth.js';

function cached(request: FastifyRequest, reply: FastifyReply, realm: LoadedRealm): boolean {
  const etag = `"${lookLinks(realm).version}"`;
  reply.header('cache-control', 'public, max-age=86400').header('etag', etag);
  if (request.headers['if-none-match'] !== etag) return false;
  reply.code(304).send();
  return true;
}

function sendImage(request: FastifyRequest, reply: FastifyReply, image: LookImage | undefined): FastifyReply {
  if (!image) {
    reply.callNotFound();
    return reply;
  }
  if (cached(request, reply, realmOf(request))) return reply;
  return reply.type(image.type).send(Buffer.from(image.data, 'base64'));
}

export function registerLook(app: FastifyInstance): void {
  app.get('/look.css', async (request, reply) => {
    const realm = realmOf(request);
    if (cached(request, reply, realm)) return reply;
    return reply.type('text/css; charset=utf-8').send(lookCss(realm.settings.look));
  });
  app.get('/logo', async (request, reply) => sendImage(request, reply, realmOf(request).settings.look?.logo));
  app.get('/favicon', async (request, reply) =>
    sendImage(request, reply, realmOf(request).settings.look?.favicon),
  );
}

export interface LookLinks {
  /** The look's fingerprint (also the ETag of its style sheet and images). */
  readonly version: string;
  readonly css: string;
  readonly logo: string | null;
  readonly favicon: string | null;
}

/**
 * Each loaded realm's links, made once. The fingerprint hashes the whole look, logo and favicon
 * included (up to 80 KiB of base64), and every page of a realm shows it. A changed look is a new
 * `LoadedRealm` (the realm store builds new objects when it reloads), so it gets links of its own.
 */
const linksOf = new WeakMap<LoadedRealm, LookLinks>();

/** The addresses a page of `realm` links, each carrying the look's fingerprint. */
export function lookLinks(realm: LoadedRealm): LookLinks {
  const known = linksOf.get(realm);
  if (known) return known;
  const v = lookVersion(realm.settings.look);
  const base = `/r/${realm.id}`;
  const links: LookLinks = {
    version: v,
    css: `${base}/look.css?v=${v}`,
    logo: realm.settings.look?.logo ? `${base}/logo?v=${v}` : null,
    favicon: realm.settings.look?.favicon ? `${base}/favicon?v=${v}` : null,
  };
  linksOf.set(realm, links);
  return links;
}
