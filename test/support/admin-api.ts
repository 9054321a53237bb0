/**
 * Helpers for the admin API's tests: tokens made through the token service, requests with a
 * bearer token and a JSON body, and the people of the demo realms by name.
 */
import { after, before } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { DialectName } from '../../src/db/connect.js';
import { type Harness, startHarness } from './harness.js';

export const API = '/api/admin/v1';

export async function tokenFor(
  h: Harness,
  realmId: string,
  options: { org?: string; days?: number; name?: string } = {},
): Promise<{ token: string; id: string }> {
  let organisationId: string | null = null;
  if (options.org) {
    const organisation = await h.services.organisations.findBySlug(realmId, options.org);
    if (!organisation) throw new Error(`no organisation ${options.org}`);
    organisationId = organisation.id;
  }
  const { token, record } = await h.services.apiTokens.create(
    { realmId, organisationId, name: options.name ?? 'test', days: options.days ?? 30 },
    { via: 'cli' },
  );
  return { token, id: record.id };
}

export interface ApiCall {
  readonly method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  readonly url: string;
  readonly token?: string | null;
  readonly body?: unknown;
  /** A raw payload instead of JSON (with its own content type). */
  readonly raw?: { readonly payload: string | Buffer; readonly contentType: string };
  readonly headers?: Record<string, string>;
}

export function apiCall(h: Harness, call: ApiCall): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  let payload: string | Buffer | undefined;
  if (call.raw) {
    headers['content-type'] = call.raw.contentType;
    payload = call.raw.payload;
  } else if (call.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(call.body);
  }
  return h.app.inject({
    method: call.method,
    url: call.url,
    headers,
    ...(payload !== undefined ? { payload } : {}),
  });
}

export async function personIdOf(
  h: Harness,
  realmId: string,
  lastName: string,
  firstName: string,
): Promise<string> {
  const row = await h.services.db
    .selectFrom('people')
    .select('id')
    .where('realm_id', '=', realmId)
    .where('last_name', '=', lastName)
    .where('first_name', '=', firstName)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function personIdByLogin(h: Harness, realmId: string, login: string): Promise<string> {
  const person = await h.services.people.findByLogin(realmId, login);
  if (!person) throw new Error(`no ${login} in ${realmId}`);
  return person.id;
}

export interface AdminApiSuite {
  readonly h: Harness;
  /** Realm tokens: Dnevnik's, ElJur's, and Dnevnik's limited to the school 1535. */
  readonly dnevnik: string;
  readonly eljur: string;
  readonly org1535: string;
  /** The ids of Dnevnik's petrov.misha and novikov.artem. */
  readonly misha: string;
  readonly novikov: string;
}

/**
 * A harness with the tokens and people of `AdminApiSuite` for the `describe` block it is called
 * in: started before its tests and closed after them; `suite()` hands them to a test.
 */
export function adminApiSuite(dialect: DialectName): () => AdminApiSuite {
  let h: Harness | undefined;
  let suite: AdminApiSuite | undefined;
  before(async () => {
    h = await startHarness(dialect);
    suite = {
      h,
      dnevnik: (await tokenFor(h, 'dnevnik')).token,
      eljur: (await tokenFor(h, 'eljur')).token,
      org1535: (await tokenFor(h, 'dnevnik', { org: '1535' })).token,
      misha: await personIdByLogin(h, 'dnevnik', 'petrov.misha'),
      novikov: await personIdByLogin(h, 'dnevnik', 'novikov.artem'),
    };
  });
  after(async () => {
    await h?.close();
  });
  return () => {
    if (!suite) throw new Error('the admin API suite has not started');
    return suite;
  };
}
