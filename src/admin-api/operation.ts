/**
 * One admin API operation, declared once: its method and path, the zod schemas of its path
 * parameters, query and JSON body, the schema of its answer and the errors it can give. The same
 * declaration registers the Fastify route (the schemas validate every request) and describes the
 * operation in the OpenAPI document (`openapi.ts` turns the schemas into JSON Schema), so the
 * document cannot drift from what the service checks.
 *
 * Rules: request objects are strict (an unknown field is an issue, not ignored); a handler gets
 * parsed, typed values and the caller's scope; it answers a value of its response schema or
 * throws an `ApiError`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../db/schema.js';
import type { LoadedRealm } from '../realms/realm-store.js';
import type { Services } from '../services.js';
import { ApiError, type ApiErrorCode, issuesOf } from './errors.js';
import type { ApiToken } from './tokens.js';

/** Who is calling: the token, its realm and, for an organisation's token, the organisation. */
export interface ApiScope {
  readonly token: ApiToken;
  readonly realm: LoadedRealm;
  readonly organisation: Organisation | null;
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface OperationContext<P, Q, B> {
  readonly services: Services;
  readonly scope: ApiScope;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly request: FastifyRequest;
}

type AnyObject = z.ZodObject<z.ZodRawShape>;
const EMPTY = z.strictObject({});
type Empty = typeof EMPTY;

export interface OperationSpec<
  P extends AnyObject,
  Q extends AnyObject,
  B extends AnyObject,
  R extends z.ZodType,
> {
  readonly id: string;
  readonly method: HttpMethod;
  /** Under the API's prefix, OpenAPI style: `/people/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** Only a token of the whole realm may call it (an organisation's token gets 403). */
  readonly realmOnly?: boolean;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly status?: 200 | 201;
  /** A larger body than the API's 64 KiB (a roster file). */
  readonly bodyLimit?: number;
  readonly response: R;
  /** The errors beyond those every operation can give (400, 401, 404, 429, 500, 503). */
  readonly errors?: readonly ApiErrorCode[];
  handler(context: OperationContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R>>;
}

/** An operation with its types erased: what the plugin registers and the document describes. */
export interface Operation {
  readonly id: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly realmOnly: boolean;
  readonly params: AnyObject;
  readonly query: AnyObject;
  readonly body: AnyObject | null;
  readonly status: 200 | 201;
  readonly bodyLimit: number | null;
  readonly response: z.ZodType;
  readonly errors: readonly ApiErrorCode[];
  run(services: Services, scope: ApiScope, request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = schema.safeParse(value ?? {}, { reportInput: true });
  if (!result.success) throw new ApiError('invalid_request', issuesOf(result.error, root));
  return result.data;
}

export function defineOperation<
  R extends z.ZodType,
  P extends AnyObject = Empty,
  Q extends AnyObject = Empty,
  B extends AnyObject = Empty,
>(spec: OperationSpec<P, Q, B, R>): Operation {
  const params = (spec.params ?? EMPTY) as AnyObject;
  const query = (spec.query ?? EMPTY) as AnyObject;
  const body = (spec.body ?? null) as AnyObject | null;
  return {
    id: spec.id,
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tag: spec.tag,
    realmOnly: spec.realmOnly === true,
    params,
    query,
    body,
    status: spec.status ?? 200,
    bodyLimit: spec.bodyLimit ?? null,
    response: spec.response,
    errors: spec.errors ?? [],
    async run(services, scope, request, reply) {
      if (spec.realmOnly && scope.organisation !== null) throw new ApiError('forbidden_scope');
      const context = {
        services,
        scope,
        request,
        params: parse(params, request.params, 'path') as z.output<P>,
        query: parse(query, request.query, 'query') as z.output<Q>,
        body: (body ? parse(body, request.body, 'body') : {}) as z.output<B>,
      };
      const answer = await spec.handler(context);
      reply.code(spec.status ?? 200);
      return answer;
    },
  };
}

/** `/people/{id}` → `/people/:id`, for Fastify. */
export function routePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}
