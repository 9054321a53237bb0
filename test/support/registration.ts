/**
 * For the tests of this module only: an app with the registration routes, mounted the way
 * `src/web/app.ts` mounts realm modules (the realm from the path, its locale, else a 404).
 *
 * Until `app.ts` registers the module, the tests build their own app with `mountRegistration`
 * as an extra route; once it does, `mountRegistration` sees the route and does nothing, and
 * `registrationApp` hands back the harness app as it is. Delete this file then if you like.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DialectName } from '../../src/db/connect.js';
import type { Person } from '../../src/db/schema.js';
import { HELLO_ROUTE, registerRegistration } from '../../src/flows/registration/routes.js';
import type { CodePrefix } from '../../src/invitations/codes.js';
import type { Services } from '../../src/services.js';
import { buildApp } from '../../src/web/app.js';
import { resolveLocale, setLocale } from '../../src/web/context.js';
import { sendError } from '../../src/web/error-handler.js';
import { Browser, csrfTokenOf, type Harness, startHarness } from './harness.js';

export function mountRegistration(app: FastifyInstance, services: Services): void {
  if (app.hasRoute({ method: 'GET', url: HELLO_ROUTE })) return;
  void app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        const { realm: realmId } = request.params as { realm?: string };
        const realm = realmId ? await services.realms.find(realmId) : null;
        if (!realm) return sendError(request, reply, 'realm_not_found');
        request.realm = realm;
        setLocale(request, resolveLocale(request, realm.settings.defaultLocale));
      });
      registerRegistration(scope, services);
    },
    { prefix: '/r/:realm' },
  );
}

/**
 * `app` itself when it already serves registration; else a new app on the same services with
 * the routes mounted (ready, not listening). `owned` says whether the caller must close it.
 */
export async function registrationApp(
  app: FastifyInstance,
  services: Services,
): Promise<{ app: FastifyInstance; owned: boolean }> {
  if (app.hasRoute({ method: 'GET', url: HELLO_ROUTE })) return { app, owned: false };
  const own = await buildApp(services, { extraRoutes: (a) => mountRegistration(a, services) });
  await own.ready();
  return { app: own, owned: true };
}

export interface RegistrationSuite {
  readonly h: Harness;
  readonly app: FastifyInstance;
  /** The ElJur demo school 1399. */
  readonly orgId: string;
}

/**
 * A harness with the registration routes for the `describe` block it is called in: started
 * before its tests, closed after them, and no request of theirs may have ended in a 500.
 */
export function registrationSuite(dialect: DialectName): () => RegistrationSuite {
  let suite: RegistrationSuite | null = null;
  let owned = false;
  before(async () => {
    const h = await startHarness(dialect);
    const mounted = await registrationApp(h.app, h.services);
    owned = mounted.owned;
    const org = await h.services.organisations.findBySlug('eljur', '1399');
    assert.ok(org);
    suite = { h, app: mounted.app, orgId: org.id };
  });
  after(async () => {
    if (!suite) return;
    if (owned) await suite.app.close();
    const logs = suite.h.logs();
    await suite.h.close();
    assert.ok(!logs.includes('unexpected error'), 'no request ended in a 500');
  });
  return () => {
    if (!suite) throw new Error('the registration suite has not started');
    return suite;
  };
}

// ---- helpers shared by the registration tests ---------------------------------------------------

export const HELLO = '/r/eljur/s/1399/hello';

/** The article's message for an unknown code, as the page shows it. */
export const UNKNOWN_CODE = 'Неверный код приглашения. Проверьте, корректно ли введен выданный код.';

/** A browser from an address of its own, and the headers it was made with (for `submitAccount`). */
export interface Visitor {
  readonly b: Browser;
  readonly headers: Record<string, string>;
  readonly ip: string;
}

/**
 * Makes visitors of `app()`, each from the next address of `network` (`network.1`, `network.2`,
 * …), so the per-IP code throttle of one test can't touch another.
 */
export function visitorsFrom(network: string, app: () => FastifyInstance): () => Visitor {
  let count = 0;
  return () => {
    count += 1;
    const ip = `${network}.${count}`;
    const headers = { 'x-forwarded-for': ip };
    return { b: new Browser(app(), headers), headers, ip };
  };
}

/** The text of the field error under the control `id`, or null. */
export function fieldErrorOf(body: string, id: string): string | null {
  return (
    new RegExp(`<p class="field-error" id="${id}-error">([\\s\\S]*?)</p>`).exec(body)?.[1]?.trim() ?? null
  );
}

/** The password problems, one per list item. */
export function passwordErrorsOf(body: string): string[] {
  const list = /<ul class="field-error" id="password-error">([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? '';
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]?.trim() ?? '');
}

/** Whether the control `id` is marked invalid and points at its error. */
export function isMarkedInvalid(body: string, id: string): boolean {
  const tag =
    new RegExp(`<(?:input|fieldset)[^>]*\\bid="${id}"[^>]*>|<fieldset class="${id}"[^>]*>`).exec(body)?.[0] ??
    '';
  return tag.includes('aria-invalid="true"') && tag.includes(`${id}-error`);
}

export function flowIdOf(body: string): string {
  const id = /name="flow" value="([^"]+)"/.exec(body)?.[1];
  if (!id) throw new Error('no flow on the page');
  return id;
}

/** Issues a code for a profile of the ElJur demo school (or `organisationId`). */
export async function issueCode(
  services: Services,
  personId: string,
  prefix: CodePrefix,
  options: { days?: number; organisationId?: string } = {},
): Promise<{ code: string; invitationId: string }> {
  const organisationId =
    options.organisationId ?? (await services.organisations.findBySlug('eljur', '1399'))?.id ?? '';
  const { code, invitation } = await services.invitations.issue(services.db, {
    realmId: 'eljur',
    organisationId,
    personId,
    prefix,
    issuedBy: null,
    ...(options.days !== undefined ? { days: options.days } : {}),
  });
  return { code, invitationId: invitation.id };
}

/** A student the school `organisationId` entered: pending, no login yet. */
export async function pendingStudentAt(
  services: Services,
  organisationId: string,
  lastName: string,
  firstName: string,
): Promise<Person> {
  const person = await services.people.createPending({ realmId: 'eljur', lastName, firstName });
  await services.people.addMembership({ personId: person.id, organisationId, role: 'student' });
  return person;
}

/** A student the school entered, not registered yet, at `organisationId`: Тестова Ученица. */
export async function pendingStudent(services: Services, organisationId: string): Promise<Person> {
  return pendingStudentAt(services, organisationId, 'Тестова', 'Ученица');
}

/** The fields of a parent's account form with `login`; no children. */
export function parentFields(login: string): Record<string, string> {
  return {
    last_name: 'Родителева',
    first_name: 'Мария',
    login,
    password: 'SvetlyiPrud404',
    password2: 'SvetlyiPrud404',
    email: `${login}@demo.example`,
  };
}

/** The status of the invitation `invitationId` as stored: active, used or void. */
export async function invitationStatusOf(services: Services, invitationId: string): Promise<string> {
  const row = await services.db
    .selectFrom('invitations')
    .select('status')
    .where('id', '=', invitationId)
    .executeTakeFirstOrThrow();
  return row.status;
}

/** The state of a registration flow as stored, or null when there is no such flow. */
export async function flowStateOf(services: Services, flowId: string): Promise<string | null> {
  const row = await services.db
    .selectFrom('flows')
    .select('state')
    .where('id', '=', flowId)
    .where('kind', '=', 'registration')
    .executeTakeFirst();
  return row?.state ?? null;
}

export async function personNamed(services: Services, lastName: string, firstName: string): Promise<Person> {
  return services.db
    .selectFrom('people')
    .selectAll()
    .where('realm_id', '=', 'eljur')
    .where('last_name', '=', lastName)
    .where('first_name', '=', firstName)
    .executeTakeFirstOrThrow();
}

/** Posts the code from the code page; the answer is 303 to the account form when it is good. */
export async function enterCode(b: Browser, code: string, hello = HELLO): Promise<LightMyRequestResponse> {
  return b.submit(hello, hello, { code });
}

/** Enters a good code and opens the account form. */
export async function startRegistration(
  b: Browser,
  code: string,
  hello = HELLO,
): Promise<{ accountUrl: string; flowId: string; page: LightMyRequestResponse }> {
  const res = await enterCode(b, code, hello);
  if (res.statusCode !== 303) throw new Error(`code ${code}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  const accountUrl = String(res.headers.location);
  const page = await b.get(accountUrl);
  return { accountUrl, flowId: flowIdOf(page.body), page };
}

/**
 * Posts the account form of `accountUrl` as a browser would, «Дети» codes as repeated
 * `child_code` fields (what several inputs of one name send). `headers` are those the Browser
 * was made with (its own are private).
 */
export async function submitAccount(
  app: FastifyInstance,
  b: Browser,
  accountUrl: string,
  fields: Record<string, string>,
  childCodes: readonly string[] = [],
  options: { csrf?: string | null; flowId?: string; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  // The page is read only for what was not given (a finished flow's page is a redirect).
  const csrf = options.csrf === undefined ? csrfTokenOf((await b.get(accountUrl)).body) : options.csrf;
  const flowId = options.flowId ?? new URL(accountUrl, 'http://localhost').searchParams.get('flow') ?? '';
  const pairs: [string, string][] = [
    ...(csrf === null ? [] : [['_csrf', csrf] as [string, string]]),
    ['flow', flowId],
    ...Object.entries(fields),
    ...childCodes.map((c): [string, string] => ['child_code', c]),
  ];
  const action = accountUrl.split('?')[0] ?? accountUrl;
  return app.inject({
    method: 'POST',
    url: action,
    payload: new URLSearchParams(pairs).toString(),
    headers: {
      ...options.headers,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: b.cookieHeader(),
    },
  });
}

/**
 * Signs in on the ElJur sign-in page and returns the profile page's HTML (the first sign-in after
 * registration lands on «Обновление информации о пользователе» first, which blocks nothing).
 */
export async function signInToProfile(b: Browser, login: string, password: string): Promise<string> {
  const res = await b.submit('/r/eljur/login', '/r/eljur/login', { login, password });
  const landed = String(res.headers.location);
  if (res.statusCode !== 303 || !['/r/eljur/profile', '/r/eljur/welcome'].includes(landed))
    throw new Error(`sign-in of ${login}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return (await b.get('/r/eljur/profile')).body;
}

/** The children listed on the profile page. */
export function childrenOnProfile(body: string): string[] {
  const list = /<ul class="children">([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? '';
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]?.trim() ?? '');
}
