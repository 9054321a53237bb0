/**
 * `propusk token …`: the admin API's tokens, from the operator's terminal.
 *
 *   propusk token create --realm R [--org SLUG] --name NAME [--days N]
 *   propusk token list --realm R
 *   propusk token revoke --realm R --id ID
 *
 * The token is printed once, by `create`, and stored only as its keyed hash; `list` shows ids,
 * names, scopes and dates, never a secret. Every refusal is a `TokenCommandError` with a message
 * for the operator (exit code 1) and changes nothing; creating and revoking are audited with
 * `via: cli`.
 */
import { parseArgs } from 'node:util';
import { type ApiToken, TOKEN_DAYS_MAX, tokenNameProblem } from '../admin-api/tokens.js';
import { formatUtc } from '../core/clock.js';
import type { Services } from '../services.js';
import type { Output } from './invite-command.js';

export const TOKEN_USAGE = `  token create --realm R [--org SLUG] --name NAME [--days N]
                                An admin API token for the realm, or for one organisation of
                                it; printed once. Expires after N days (90; at most ${TOKEN_DAYS_MAX}).
  token list --realm R          The realm's tokens: id, scope, name, expiry, last use.
  token revoke --realm R --id ID
                                The token stops working at once.`;

export class TokenCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenCommandError';
  }
}

const OPTIONS = {
  realm: { type: 'string' },
  org: { type: 'string' },
  name: { type: 'string' },
  days: { type: 'string' },
  id: { type: 'string' },
} as const;

const DEFAULT_DAYS = 90;

function state(token: ApiToken, now: number): string {
  if (token.revokedAt !== null) return `revoked ${formatUtc(token.revokedAt)}`;
  if (now >= token.expiresAt) return `expired ${formatUtc(token.expiresAt)}`;
  return `expires ${formatUtc(token.expiresAt)}`;
}

export async function tokenCommand(
  services: Services,
  args: readonly string[],
  out: Output = process.stdout,
): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parseArgs({ args: [...rest], options: OPTIONS, strict: true, allowPositionals: false });
  const realmId = values.realm?.trim();
  if (!realmId) throw new TokenCommandError('--realm is required');
  const realm = await services.realms.find(realmId);
  if (!realm) throw new TokenCommandError(`no realm ${realmId}`);

  if (action === 'create') {
    const name = values.name ?? '';
    const problem = tokenNameProblem(name);
    if (problem) throw new TokenCommandError(`--name: ${problem}`);
    const days =
      values.days === undefined ? DEFAULT_DAYS : /^\d{1,4}$/.test(values.days) ? Number(values.days) : 0;
    if (days < 1 || days > TOKEN_DAYS_MAX)
      throw new TokenCommandError(`--days must be a whole number from 1 to ${TOKEN_DAYS_MAX}`);
    let organisationId: string | null = null;
    let scope = `realm ${realm.id}`;
    if (values.org !== undefined) {
      const organisation = await services.organisations.findBySlug(realm.id, values.org);
      if (!organisation) throw new TokenCommandError(`no organisation ${values.org} in ${realm.id}`);
      organisationId = organisation.id;
      scope = `organisation ${organisation.slug} (${organisation.name}) of realm ${realm.id}`;
    }
    const { token, record } = await services.apiTokens.create(
      { realmId: realm.id, organisationId, name, days },
      { via: 'cli' },
    );
    out.write(
      `Token ${record.id} «${record.name}» for ${scope}, ${state(record, services.clock.now())}.\n` +
        `Shown once, keep it secret (Authorization: Bearer …):\n${token}\n`,
    );
    return;
  }
  if (action === 'list') {
    const tokens = await services.apiTokens.list(realm.id);
    if (tokens.length === 0) {
      out.write(`No tokens in ${realm.id}.\n`);
      return;
    }
    const slugs = new Map((await services.organisations.listByRealm(realm.id)).map((o) => [o.id, o.slug]));
    const now = services.clock.now();
    for (const t of tokens) {
      const scope =
        t.organisationId === null ? 'realm' : `org ${slugs.get(t.organisationId) ?? t.organisationId}`;
      const used = t.lastUsedAt === null ? 'never used' : `last used ${formatUtc(t.lastUsedAt)}`;
      out.write(`${t.id}  ${scope}  «${t.name}»  ${state(t, now)}  ${used}\n`);
    }
    return;
  }
  if (action === 'revoke') {
    const id = values.id?.trim();
    if (!id) throw new TokenCommandError('--id is required');
    const existing = await services.apiTokens.find(realm.id, id);
    if (!existing) throw new TokenCommandError(`no token ${id} in ${realm.id}`);
    if (!(await services.apiTokens.revoke(realm.id, id, { via: 'cli' })))
      throw new TokenCommandError(`token ${id} was already revoked`);
    out.write(`Token ${id} «${existing.name}» revoked.\n`);
    return;
  }
  throw new TokenCommandError(`unknown token command ${action ?? ''}`);
}
