/**
 * The two steps the sign-in and the reset share, in one place:
 *
 *   issueChallenge  the realm takes signatures and has roots, the address's budget, a flow
 *                   bound to this browser holding exactly what is to be signed → {flow, data}
 *   takeSignature   the flow in `challenged` (missing, expired, reused told apart), the CMS
 *                   verified for the purpose and the person found (verify-step.ts), a refusal
 *                   spending the challenge, then the move to `signed` written once at the
 *                   version read, with whatever the caller writes in the same transaction
 *
 * A revocation source that cannot be reached under the «required» mode is not the person's
 * fault: it is answered 503 with Retry-After and the challenge is not spent, so the same page
 * can sign again once the source is back.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Executor, Flow } from '../../core/flows/flow-store.js';
import type { FlowMachine } from '../../core/flows/machine.js';
import type { MessageKey, MessageParams } from '../../core/i18n/i18n.js';
import type { Limiter } from '../../core/throttle/throttle.js';
import type { Person } from '../../db/schema.js';
import type { LoadedRealm } from '../../realms/realm-store.js';
import type { Services } from '../../services.js';
import type { KeyPurpose } from '../../signature/identity.js';
import type { VerifiedSignature } from '../../signature/verify.js';
import { realmOf } from '../../web/auth.js';
import { clientIp, userAgent } from '../../web/context.js';
import { flowBrowserToken } from '../../web/flow-browser.js';
import { CHALLENGE_TTL_MS, type Signer } from './machine.js';
import { type Meta, verifySigned } from './verify-step.js';

/** How long a person is asked to wait when a revocation source could not be reached. */
export const REVOCATION_RETRY_SECONDS = 60;

type SignedState = 'challenged' | 'signed' | 'refused';
type SignerData = Signer & Readonly<Record<string, string | number | boolean | null>>;

export interface Refusal {
  readonly status: number;
  readonly key: MessageKey;
  readonly params?: MessageParams;
  readonly retryAfterSeconds?: number;
}

export type Taken<S extends string, D extends SignerData> =
  | { readonly ok: true; readonly flow: Flow<S, D>; readonly person: Person; readonly meta: Meta }
  | { readonly ok: false; readonly refusal: Refusal };

export function metaOf(request: FastifyRequest): Meta {
  return { ip: clientIp(request), userAgent: userAgent(request) };
}

/** A refusal's page status and, for a wait, its Retry-After header. */
export function refusalStatusOf(reply: FastifyReply, refusal: Refusal): number {
  if (refusal.retryAfterSeconds !== undefined) reply.header('retry-after', String(refusal.retryAfterSeconds));
  return refusal.status;
}

export async function issueChallenge<S extends string, D extends SignerData>(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  input: {
    readonly limiter: Limiter;
    readonly machine: FlowMachine<S, D>;
    readonly state: S;
    readonly data: D;
    /** What NCALayer signs, in base64. */
    readonly toSign: string;
    readonly purpose: 'auth' | 'sign';
  },
): Promise<FastifyReply> {
  const realm = realmOf(request);
  if (!services.signature.policyFor(realm))
    return reply.code(503).send({ message: request.t('ecp.not_configured') });
  const limit = await input.limiter.hit(`${realm.id}:${clientIp(request)}`);
  if (!limit.allowed) {
    reply.header('retry-after', String(limit.retryAfterSeconds));
    return reply.code(429).send({ message: request.t('ecp.busy', { seconds: limit.retryAfterSeconds }) });
  }
  const flow = await services.flows.start(services.db, input.machine, {
    realmId: realm.id,
    state: input.state,
    personId: null,
    data: input.data,
    ttlMs: CHALLENGE_TTL_MS,
    browserToken: flowBrowserToken(request, reply, !services.config.demo),
  });
  return reply.send({ flow: flow.id, data: input.toSign, purpose: input.purpose });
}

export async function takeSignature<S extends string, D extends SignerData>(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  input: {
    /** A machine with the states `challenged`, `signed` and `refused`. */
    readonly machine: FlowMachine<S, D> & (SignedState extends S ? unknown : never);
    readonly flowId: string;
    readonly cms: string;
    /** The bytes the flow holds, which must be exactly what was signed. */
    readonly content: (flow: Flow<S, D>) => Uint8Array;
    readonly purpose: KeyPurpose;
    readonly flowKind: 'signin' | 'reset';
    readonly ttlMs: number;
    /** Extra data for the `signed` state (besides the signer). */
    readonly data?: Partial<D>;
    /** Written in the transaction of the move (evidence, audit); it sees the moved flow. */
    readonly alsoWrite?: (
      trx: Executor,
      flow: Flow<S, D>,
      signed: { readonly signature: VerifiedSignature; readonly signer: Signer; readonly person: Person },
      meta: Meta,
    ) => Promise<void>;
  },
): Promise<Taken<S, D>> {
  const realm: LoadedRealm = realmOf(request);
  const refuse = (status: number, key: MessageKey, params?: MessageParams): Taken<S, D> => ({
    ok: false,
    refusal: { status, key, ...(params ? { params } : {}) },
  });
  if (input.flowId === '') return refuse(400, 'ecp.challenge_missing');
  if (input.cms === '') return refuse(400, 'ecp.signature_missing');
  const loaded = await services.flows.load(input.machine, realm.id, input.flowId, {
    browserToken: flowBrowserToken(request, reply, !services.config.demo),
    states: ['challenged' as S],
  });
  if (loaded.kind === 'missing') return refuse(400, 'ecp.challenge_missing');
  if (loaded.kind === 'expired') return refuse(400, 'ecp.challenge_expired');
  if (loaded.kind !== 'live') return refuse(409, 'ecp.challenge_reused');
  const flow = loaded.flow;
  const meta = metaOf(request);
  const signed = await verifySigned(
    services,
    realm,
    { cms: input.cms, content: input.content(flow), purpose: input.purpose, flowKind: input.flowKind },
    meta,
  );
  if (!signed.ok) {
    const { problem } = signed;
    if (problem.key === 'signature.revocation_unavailable')
      return { ok: false, refusal: { ...problem, status: 503, retryAfterSeconds: REVOCATION_RETRY_SECONDS } };
    // A refused signature spends the challenge: the next try signs a new one.
    await services.flows.end(services.db, input.machine, flow, 'refused' as S);
    return { ok: false, refusal: problem };
  }
  if (signed.person.status !== 'active') {
    await services.flows.end(services.db, input.machine, flow, 'refused' as S);
    return refuse(403, 'ecp.blocked');
  }
  // The challenge is spent here, once: the person and the state are written at the version read.
  const personId = signed.person.id;
  const claimed = await services.db.transaction().execute(async (trx) => {
    if (!(await services.flows.update(trx, flow, { personId }))) return false;
    const next = { ...flow, personId, version: flow.version + 1 };
    const data = { ...input.data, ...signed.signer } as Partial<D>;
    const moved = await services.flows.move(trx, input.machine, next, 'signed' as S, {
      data,
      expiresAt: services.clock.now() + input.ttlMs,
    });
    if (!moved) return false;
    await input.alsoWrite?.(
      trx,
      next,
      { signature: signed.signature, signer: signed.signer, person: signed.person },
      meta,
    );
    return true;
  });
  if (!claimed) return refuse(409, 'ecp.challenge_reused');
  return { ok: true, flow: { ...flow, personId }, person: signed.person, meta };
}
