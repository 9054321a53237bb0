/**
 * The ESIA client of one realm (protocols.md §1–2): the authorization request to
 * `/aas/oauth2/v2/ac`, the token exchange at `/aas/oauth2/v3/te`, the person's resources and
 * the logout address. Every failure is a value (`EsiaFailure`) the pages turn into a localised
 * message: ESIA's own error codes, ESIA unreachable or too slow, an answer we cannot read, and
 * tokens that fail their checks.
 */
import { randomUUID } from 'node:crypto';
import type { EsiaRealmConfig } from './config.js';
import { type EsiaKid, type EsiaPerson, parseKids, parsePerson } from './person.js';
import { clientSecret, esiaTimestamp, type SecretParts } from './secret.js';
import { SignerError } from './signer.js';
import { type Claims, checkAccessToken, checkIdToken, type TokenProblem } from './tokens.js';

export type EsiaFailure =
  /** ESIA answered with an error; `code` is the `ESIA-0070xx` of `error_description` when there is one. */
  | { readonly kind: 'esia'; readonly code: string | null; readonly error: string }
  /** bad-response: not JSON or an error status; bad-data: a 200 whose person does not hold up (a SNILS with a wrong check digit). */
  | { readonly kind: 'timeout' | 'unreachable' | 'bad-response' | 'bad-data' }
  /** Our signer gave no usable client_secret; `reason` is for the operator's log. */
  | { readonly kind: 'signer'; readonly reason: string }
  | { readonly kind: 'token'; readonly problem: TokenProblem };

export type EsiaResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: EsiaFailure };

export interface EsiaTokens {
  readonly oid: string;
  readonly accessToken: string;
  readonly idClaims: Claims;
}

const ESIA_CODE = /ESIA-\d{6}/;

/** The ESIA code in an `error_description`, if any. */
export function esiaCodeOf(description: unknown): string | null {
  return typeof description === 'string' ? (ESIA_CODE.exec(description)?.[0] ?? null) : null;
}

export interface EsiaClient {
  readonly config: EsiaRealmConfig;
  /** The address to send the browser to; `state` and `nonce` are the caller's (kept in its flow). */
  authorizationUrl(input: {
    readonly state: string;
    readonly nonce: string;
    readonly now: number;
  }): Promise<EsiaResult<string>>;
  /**
   * Whether ESIA answers at all (any HTTP answer counts), asked before the browser is sent
   * there; the verdict is kept for a few seconds, and one question is in flight at a time.
   */
  reachable(): Promise<EsiaResult<true>>;
  /** Exchanges the code and checks both tokens. */
  exchangeCode(input: {
    readonly code: string;
    readonly nonce: string;
    readonly now: number;
  }): Promise<EsiaResult<EsiaTokens>>;
  person(tokens: EsiaTokens): Promise<EsiaResult<EsiaPerson>>;
  kids(tokens: EsiaTokens): Promise<EsiaResult<EsiaKid[]>>;
  /** ESIA's logout, coming back to `redirect` (ESIA's parameter is `redirect_url`). */
  logoutUrl(redirect: string): string;
}

type Fetched = { ok: true; status: number; body: unknown } | { ok: false; failure: EsiaFailure };

async function fetchJson(url: string, init: RequestInit, timeoutMs: number): Promise<Fetched> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const name = (err as Error).name;
    return {
      ok: false,
      failure: { kind: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable' },
    };
  }
  let text: string;
  try {
    text = await response.text();
  } catch {
    return { ok: false, failure: { kind: 'timeout' } };
  }
  if (text.length > 256 * 1024) return { ok: false, failure: { kind: 'bad-response' } };
  try {
    return { ok: true, status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, failure: { kind: 'bad-response' } };
  }
}

function record(body: unknown): Record<string, unknown> | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : null;
}

/** How long a probe's verdict is kept: an answer for 15 s, no answer for 5 s. */
const REACHABLE_MS = 15_000;
const UNREACHABLE_MS = 5_000;

async function signed(signer: EsiaRealmConfig['signer'], parts: SecretParts): Promise<EsiaResult<string>> {
  try {
    return { ok: true, value: await clientSecret(signer, parts) };
  } catch (err) {
    const reason = err instanceof SignerError ? err.message : `the signer failed: ${(err as Error).message}`;
    return { ok: false, failure: { kind: 'signer', reason } };
  }
}

export function esiaClient(config: EsiaRealmConfig): EsiaClient {
  const scope = config.scopes.join(' ');
  let probe: { until: number; verdict: Promise<EsiaResult<true>> } | null = null;
  async function ask(): Promise<EsiaResult<true>> {
    try {
      const response = await fetch(`${config.baseUrl}/`, {
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.min(config.timeoutMs, 3000)),
      });
      await response.body?.cancel();
      return { ok: true, value: true };
    } catch (err) {
      const name = (err as Error).name;
      return {
        ok: false,
        failure: { kind: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable' },
      };
    }
  }
  const resource = (oid: string, path: string): string =>
    `${config.baseUrl}/rs/prns/${encodeURIComponent(oid)}${path}`;

  async function getResource(tokens: EsiaTokens, path: string): Promise<EsiaResult<unknown>> {
    const got = await fetchJson(
      resource(tokens.oid, path),
      { headers: { authorization: `Bearer ${tokens.accessToken}`, accept: 'application/json' } },
      config.timeoutMs,
    );
    if (!got.ok) return { ok: false, failure: got.failure };
    if (got.status !== 200) {
      const body = record(got.body);
      const code = esiaCodeOf(body?.error_description ?? body?.message);
      return code
        ? { ok: false, failure: { kind: 'esia', code, error: String(body?.error ?? 'error') } }
        : { ok: false, failure: { kind: 'bad-response' } };
    }
    return { ok: true, value: got.body };
  }

  return {
    config,
    reachable() {
      const now = Date.now();
      if (probe && probe.until > now) return probe.verdict;
      const verdict = ask();
      const current = { until: now + 60_000, verdict };
      probe = current;
      void verdict.then((v) => {
        if (probe === current)
          probe = { until: Date.now() + (v.ok ? REACHABLE_MS : UNREACHABLE_MS), verdict };
      });
      return verdict;
    },

    async authorizationUrl({ state, nonce, now }) {
      const timestamp = esiaTimestamp(now);
      const parts = { clientId: config.clientId, scope, timestamp, state, redirectUri: config.redirectUri };
      const secret = await signed(config.signer, parts);
      if (!secret.ok) return secret;
      const params = new URLSearchParams({
        client_id: config.clientId,
        client_secret: secret.value,
        client_certificate_hash: config.certificateHash,
        redirect_uri: config.redirectUri,
        scope,
        response_type: 'code',
        state,
        nonce,
        timestamp,
        access_type: 'online',
      });
      return { ok: true, value: `${config.baseUrl}/aas/oauth2/v2/ac?${params.toString()}` };
    },

    async exchangeCode({ code, nonce, now }) {
      const timestamp = esiaTimestamp(now);
      // A new state for the token request (protocols.md §2.4); the answer must echo it.
      const state = randomUUID();
      const secret = await signed(config.signer, {
        clientId: config.clientId,
        scope,
        timestamp,
        state,
        redirectUri: config.redirectUri,
        code,
      });
      if (!secret.ok) return secret;
      const form = new URLSearchParams({
        client_id: config.clientId,
        code,
        grant_type: 'authorization_code',
        client_secret: secret.value,
        client_certificate_hash: config.certificateHash,
        state,
        redirect_uri: config.redirectUri,
        scope,
        timestamp,
        token_type: 'Bearer',
      });
      const got = await fetchJson(
        `${config.baseUrl}/aas/oauth2/v3/te`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form.toString(),
        },
        config.timeoutMs,
      );
      if (!got.ok) return { ok: false, failure: got.failure };
      const body = record(got.body);
      if (!body) return { ok: false, failure: { kind: 'bad-response' } };
      if (got.status !== 200 || typeof body.error === 'string') {
        return {
          ok: false,
          failure: {
            kind: 'esia',
            code: esiaCodeOf(body.error_description),
            error: String(body.error ?? got.status),
          },
        };
      }
      if (body.state !== state || typeof body.id_token !== 'string' || typeof body.access_token !== 'string')
        return { ok: false, failure: { kind: 'bad-response' } };
      const expected = { issuer: config.issuer, clientId: config.clientId, now };
      const id = checkIdToken(body.id_token, config.esiaKeys, { ...expected, nonce });
      if (!id.ok) return { ok: false, failure: { kind: 'token', problem: id.problem } };
      const oid = String(id.claims.sub);
      const access = checkAccessToken(body.access_token, config.esiaKeys, { ...expected, oid });
      if (!access.ok) return { ok: false, failure: { kind: 'token', problem: access.problem } };
      return { ok: true, value: { oid, accessToken: body.access_token, idClaims: id.claims } };
    },

    async person(tokens) {
      const got = await getResource(tokens, '?embed=(contacts.elements,documents.elements)');
      if (!got.ok) return got;
      const person = parsePerson(tokens.oid, got.value);
      return person ? { ok: true, value: person } : { ok: false, failure: { kind: 'bad-data' } };
    },

    async kids(tokens) {
      const got = await getResource(tokens, '/kids?embed=(elements)');
      if (!got.ok) return got;
      const kids = parseKids(got.value);
      return kids ? { ok: true, value: kids } : { ok: false, failure: { kind: 'bad-data' } };
    },

    logoutUrl(redirect) {
      const params = new URLSearchParams({ client_id: config.clientId, redirect_url: redirect });
      return `${config.baseUrl}/idp/ext/Logout?${params.toString()}`;
    },
  };
}
