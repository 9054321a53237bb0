/**
 * The demo e-journal as `propusk demo` runs it: for every realm, «Электронный журнал» (the
 * realm's own application: no consent page) and «Портфолио ученика» (a third-party one: the
 * consent page) are registered as clients — anew at each start, so their secrets are fresh and
 * never written anywhere but here — and served on their own port.
 */
import type { Services } from '../../services.js';
import type { DemoApplication } from '../../web/demo-directory.js';
import { buildEjournal, type EjournalApp } from './app.js';

export interface DemoEjournal {
  readonly url: string;
  readonly links: readonly DemoApplication[];
  close(): Promise<void>;
}

export type DemoApp = EjournalApp & { readonly publicUrl: string };

/**
 * Registers the demo applications of every realm; their secrets are returned, not stored. Each
 * kind of application is served from its own address (one server in the demo, two in tests).
 */
export async function registerDemoApplications(
  services: Services,
  urls: { readonly journal: string; readonly portfolio: string },
): Promise<DemoApp[]> {
  const apps: DemoApp[] = [];
  for (const realm of await services.realms.list()) {
    const kinds = [
      {
        clientId: 'ejournal',
        path: `/${realm.id}`,
        title: 'Электронный журнал',
        firstParty: true,
        url: urls.journal,
      },
      {
        clientId: 'portfolio',
        path: `/portfolio/${realm.id}`,
        title: 'Портфолио ученика',
        firstParty: false,
        url: urls.portfolio,
      },
    ];
    for (const kind of kinds) {
      await services.oidc.removeClient(realm.id, kind.clientId);
      const base = `${kind.url}${kind.path}`;
      const added = await services.oidc.clients.add({
        realmId: realm.id,
        clientId: kind.clientId,
        name: kind.title,
        firstParty: kind.firstParty,
        redirectUris: [`${base}/callback`],
        postLogoutRedirectUris: [`${base}/?notice=signed_out`],
        backchannelLogoutUri: `${base}/backchannel`,
        scopes: ['openid', 'profile', 'email', 'school'],
      });
      if (added.kind !== 'added' || !added.secret)
        throw new Error(`demo client ${kind.clientId} was refused`);
      apps.push({
        publicUrl: kind.url,
        path: kind.path,
        title: kind.title,
        realmId: realm.id,
        realmName: realm.name,
        clientId: kind.clientId,
        secret: added.secret,
        scope: 'openid profile email school',
      });
    }
  }
  return apps;
}

export async function startDemoEjournal(
  services: Services,
  listen: { readonly host: string; readonly port: number },
): Promise<DemoEjournal> {
  const url = `http://${listen.host}:${listen.port}`;
  const apps = await registerDemoApplications(services, { journal: url, portfolio: url });
  const server = await buildEjournal({ publicUrl: url, issuerBase: services.config.baseUrl, apps });
  await server.listen({ host: listen.host, port: listen.port });
  return {
    url,
    links: apps.map((a) => ({ realmId: a.realmId, title: a.title, url: `${url}${a.path}/` })),
    close: () => server.close(),
  };
}
