/**
 * `propusk client …` and `propusk keys …`: the relying applications of a realm and the
 * providers' signing keys, from the operator's terminal.
 *
 * A client secret is printed once, here, and stored only as its keyed hash; rotating it makes
 * the old one stop working at once. Removing an application revokes everything it was given.
 * Every change is audited with `via: cli`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatUtc } from '../core/clock.js';
import { AUTH_METHODS, type ClientSummary } from '../oidc/client-store.js';
import { ACTIVATION_DELAY_MS, minutesUntil } from '../oidc/keys.js';
import type { Services } from '../services.js';
import type { Output } from './invite-command.js';

export const OIDC_USAGE = `  client add --realm R --name NAME --redirect-uri URI [--redirect-uri URI …]
             [--post-logout-redirect-uri URI …] [--first-party] [--scopes "openid profile …"]
             [--auth-method ${AUTH_METHODS.join('|')}] [--jwks-file FILE]
             [--backchannel-logout-uri URI] [--pairwise] [--client-id ID]
                                Register an application (OpenID Connect client); its secret is
                                printed once.
  client list --realm R
  client show --realm R --client-id ID
  client rotate-secret --realm R --client-id ID
                                A new secret (printed once); the old one stops working at once.
  client remove --realm R --client-id ID
                                Remove the application and revoke everything it was given.
  keys rotate                   New signing keys (ES256, RS256); they sign from a minute on, the
                                old ones stay published until what they signed has expired.
  keys list`;

/** A refusal to show the operator as is (the CLI exits with 1). */
export class OidcCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OidcCommandError';
  }
}

const CLIENT_OPTIONS = {
  realm: { type: 'string' },
  name: { type: 'string' },
  'client-id': { type: 'string' },
  'redirect-uri': { type: 'string', multiple: true },
  'post-logout-redirect-uri': { type: 'string', multiple: true },
  'first-party': { type: 'boolean' },
  scopes: { type: 'string' },
  'auth-method': { type: 'string' },
  'jwks-file': { type: 'string' },
  'backchannel-logout-uri': { type: 'string' },
  pairwise: { type: 'boolean' },
} as const;

function describe(c: ClientSummary): string {
  return [
    `client_id: ${c.clientId}`,
    `name: ${c.name}`,
    `first party: ${c.firstParty ? 'yes' : 'no'}`,
    `auth method: ${c.authMethod}`,
    `scopes: ${c.scopes.join(' ')}`,
    `subject: ${c.pairwise ? 'pairwise' : 'public'}`,
    ...c.redirectUris.map((u) => `redirect_uri: ${u}`),
    ...c.postLogoutRedirectUris.map((u) => `post_logout_redirect_uri: ${u}`),
    ...(c.backchannelLogoutUri ? [`backchannel_logout_uri: ${c.backchannelLogoutUri}`] : []),
    `created: ${formatUtc(c.createdAt)}`,
  ].join('\n');
}

function readJwks(path: string | undefined): unknown {
  if (path === undefined) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    throw new OidcCommandError(`--jwks-file: cannot read ${path}: ${(err as Error).message}`);
  }
}

export async function clientCommand(
  services: Services,
  args: string[],
  out: Output = process.stdout,
): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: CLIENT_OPTIONS, strict: true });
  if (!values.realm) throw new OidcCommandError('--realm is required');
  const realm = await services.realms.find(values.realm);
  if (!realm) throw new OidcCommandError(`no realm ${values.realm}`);
  const { clients } = services.oidc;
  const audit = (
    action: 'oidc.client_added' | 'oidc.client_removed' | 'oidc.client_secret_rotated',
    clientId: string,
  ) => services.audit.append({ realmId: realm.id, action, detail: { client_id: clientId, via: 'cli' } });
  const clientId = (): string => {
    if (!values['client-id']) throw new OidcCommandError('--client-id is required');
    return values['client-id'];
  };

  switch (action) {
    case 'add': {
      if (!values.name) throw new OidcCommandError('--name is required');
      const outcome = await clients.add({
        realmId: realm.id,
        name: values.name,
        ...(values['client-id'] ? { clientId: values['client-id'] } : {}),
        redirectUris: values['redirect-uri'] ?? [],
        postLogoutRedirectUris: values['post-logout-redirect-uri'] ?? [],
        firstParty: values['first-party'] === true,
        ...(values.scopes !== undefined ? { scopes: values.scopes.split(/[\s,]+/).filter(Boolean) } : {}),
        ...(values['auth-method'] ? { authMethod: values['auth-method'] } : {}),
        jwks: readJwks(values['jwks-file']),
        ...(values['backchannel-logout-uri']
          ? { backchannelLogoutUri: values['backchannel-logout-uri'] }
          : {}),
        pairwise: values.pairwise === true,
      });
      if (outcome.kind === 'invalid') throw new OidcCommandError(outcome.problems.join('\n'));
      // The provider itself must accept what was stored; if it does not, nothing stays.
      const provider = await services.oidc.providerFor(realm);
      const loaded = await provider.Client.find(outcome.client.clientId).catch((err: Error) => err);
      if (!loaded || loaded instanceof Error) {
        await clients.remove(realm.id, outcome.client.clientId);
        throw new OidcCommandError(
          `the provider refused this client: ${loaded instanceof Error ? loaded.message : 'unknown'}`,
        );
      }
      await audit('oidc.client_added', outcome.client.clientId);
      out.write(`${describe(outcome.client)}\n`);
      if (outcome.secret) out.write(`client_secret (shown once): ${outcome.secret}\n`);
      out.write(`issuer: ${services.config.baseUrl}/r/${realm.id}\n`);
      return;
    }
    case 'list': {
      const all = await clients.list(realm.id);
      for (const c of all)
        out.write(
          `${c.clientId}  ${c.name}  ${c.firstParty ? 'first-party' : 'third-party'}  ${c.authMethod}\n`,
        );
      if (all.length === 0) out.write(`No applications in ${realm.id}.\n`);
      return;
    }
    case 'show': {
      const found = await clients.find(realm.id, clientId());
      if (!found) throw new OidcCommandError(`no client ${clientId()} in ${realm.id}`);
      out.write(`${describe(found)}\n`);
      return;
    }
    case 'rotate-secret': {
      const secret = await clients.rotateSecret(realm.id, clientId());
      if (!secret) throw new OidcCommandError(`no client ${clientId()} with a secret in ${realm.id}`);
      await audit('oidc.client_secret_rotated', clientId());
      out.write(`client_secret (shown once): ${secret}\n`);
      return;
    }
    case 'remove': {
      if (!(await services.oidc.removeClient(realm.id, clientId()))) {
        throw new OidcCommandError(`no client ${clientId()} in ${realm.id}`);
      }
      await audit('oidc.client_removed', clientId());
      out.write(`${clientId()}: removed; its grants and tokens are revoked.\n`);
      return;
    }
    default:
      throw new OidcCommandError(`unknown client command ${action ?? ''}`);
  }
}

export async function keysCommand(
  services: Services,
  args: string[],
  out: Output = process.stdout,
): Promise<void> {
  const [action, ...rest] = args;
  parseArgs({ args: rest, options: {}, strict: true });
  const { keys } = services.oidc;
  switch (action) {
    case 'rotate': {
      await keys.ensure();
      const created = await keys.rotate();
      await services.audit.append({
        realmId: null,
        action: 'oidc.keys_rotated',
        detail: { kids: created.map((k) => k.kid).join(' '), via: 'cli' },
      });
      for (const k of created)
        out.write(`${k.alg} ${k.kid}: signs in ${minutesUntil(k.activeFrom, services.clock.now())} min\n`);
      out.write(
        `The previous keys stop signing in ${ACTIVATION_DELAY_MS / 60_000} min and stay published until what they signed has expired.\n`,
      );
      return;
    }
    case 'list': {
      for (const k of await keys.list()) {
        const until = k.publishedUntil === null ? '' : `  published until ${formatUtc(k.publishedUntil)}`;
        out.write(`${k.alg} ${k.kid}  ${k.state}  since ${formatUtc(k.activeFrom)}${until}\n`);
      }
      return;
    }
    default:
      throw new OidcCommandError(`unknown keys command ${action ?? ''}`);
  }
}
