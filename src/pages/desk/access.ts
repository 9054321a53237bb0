/**
 * Who may use the desk, and the pieces every desk step shares: opening the desk for the signed-in
 * person, finding the organisation of the address among their own, the frame of every page, the
 * actor of every audit event, and the localised refusal page.
 *
 * Rules:
 * - A signed-in person (`requirePerson`: none → 303 to the sign-in page, a temporary password →
 *   «Новый пароль» first) who is `admin` or `curator` of an organisation of this realm, or a
 *   regional administrator of one of its regions (who opens only the region's audit); anyone
 *   else — support included — gets a localised 403.
 * - Only the viewer's own organisations exist here: any other slug, including a real school the
 *   viewer does not run, is the same localised 404, so the desk does not even confirm it exists.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { extended } from '../../core/extended.js';
import type { MessageKey } from '../../core/i18n/i18n.js';
import type { RunOrganisation } from '../../directory/members.js';
import { type AdministeredRegion, regionsAdministeredBy } from '../../directory/regions.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
import type { SignedIn } from '../../sessions/sessions.js';
import { realmOf, requirePerson } from '../../web/auth.js';
import { clientIp, sendHtml, userAgent } from '../../web/context.js';
import { type BackLink, deskPath, type Frame, messagePage } from './views/common.js';

/** Ids are 22 characters of base64url; anything much longer is not looked up. */
const ID_MAX = 64;

export function possibleId(value: string): boolean {
  return value.length > 0 && value.length <= ID_MAX && /^[A-Za-z0-9_-]+$/.test(value);
}

export interface Desk {
  readonly signedIn: SignedIn;
  readonly realm: LoadedRealm;
  readonly organisations: readonly RunOrganisation[];
  /** Regions whose audit the person reads (a regional administrator). */
  readonly regions: readonly AdministeredRegion[];
}

export interface OrganisationDesk extends Desk {
  readonly organisation: RunOrganisation;
}

/** Who did it, from where: the actor of every desk audit event. */
export interface DeskActor {
  readonly actorId: string;
  readonly ip: string;
  readonly userAgent: string | null;
}

export function frameOf(services: Services, request: FastifyRequest): Frame {
  const realm = realmOf(request);
  return {
    t: request.t,
    locale: request.locale,
    realm,
    path: request.url.split('?')[0] ?? `/r/${realm.id}/desk`,
    demo: services.config.demo,
  };
}

export function actorOf(request: FastifyRequest, signedIn: SignedIn): DeskActor {
  return { actorId: signedIn.person.id, ip: clientIp(request), userAgent: userAgent(request) };
}

/** The localised refusal page, with a way back to the organisation, the desk or the profile. */
export function refuse(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  refusal: { readonly status: number; readonly key: MessageKey },
  back: 'organisation' | 'desk' | 'profile',
): FastifyReply {
  const f = frameOf(services, request);
  const { orgSlug } = request.params as { orgSlug?: string };
  const link: BackLink =
    back === 'organisation' && orgSlug !== undefined
      ? { href: deskPath(f.realm, orgSlug), label: f.t('desk.back_to_org') }
      : back === 'desk'
        ? { href: deskPath(f.realm), label: f.t('desk.back_to_desk') }
        : { href: `/r/${f.realm.id}/profile`, label: f.t('profile.title') };
  request.log.info({ status: refusal.status, reason: refusal.key }, 'desk refused');
  return sendHtml(reply, refusal.status, messagePage(f, refusal.status, f.t(refusal.key), link));
}

/** The signed-in admin or curator, or null once the answer (303 or 403) has been sent. */
export async function openDesk(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Desk | null> {
  const signedIn = await requirePerson(services, request, reply);
  if (!signedIn) return null;
  const realm = realmOf(request);
  const [organisations, regions] = await Promise.all([
    services.members.organisationsRunBy(realm.id, signedIn.person.id),
    regionsAdministeredBy(services.db, realm.id, signedIn.person.id),
  ]);
  if (organisations.length === 0 && regions.length === 0) {
    refuse(services, request, reply, { status: 403, key: 'desk.forbidden' }, 'profile');
    return null;
  }
  return { signedIn, realm, organisations, regions };
}

/** `openDesk`, then the organisation of `:orgSlug` among the viewer's own, else a 404. */
export async function openOrganisation(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<OrganisationDesk | null> {
  const desk = await openDesk(services, request, reply);
  if (!desk) return null;
  const { orgSlug } = request.params as { orgSlug: string };
  const organisation = desk.organisations.find((o) => o.slug === orgSlug);
  if (!organisation) {
    refuse(services, request, reply, { status: 404, key: 'desk.not_found' }, 'desk');
    return null;
  }
  return extended(desk, { organisation });
}
