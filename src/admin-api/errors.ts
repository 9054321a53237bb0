/**
 * The admin API's errors: one stable JSON shape for every refusal, whatever refused it (a schema,
 * a scope, the token check, the body parser, the router):
 *
 *   { "error": "<code>", "message": "<localised text>", "issues"?: [{ "path": "a.b", "message": "…" }] }
 *
 * `error` is one of `API_ERRORS`' codes and never changes meaning; `message` is for people, in the
 * client's language; `issues` name each field that did not pass validation. Nothing internal is
 * ever echoed: not the input, not an exception's text.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MessageKey, MessageParams, Translate } from '../core/i18n/i18n.js';
import { translator } from '../messages.js';

export const API_ERRORS = {
  invalid_request: { status: 400, message: 'api.error.invalid_request' },
  invalid_json: { status: 400, message: 'api.error.invalid_json' },
  bad_request: { status: 400, message: 'error.bad_request' },
  token_missing: { status: 401, message: 'api.error.token_missing' },
  token_invalid: { status: 401, message: 'api.error.token_invalid' },
  token_expired: { status: 401, message: 'api.error.token_expired' },
  token_revoked: { status: 401, message: 'api.error.token_revoked' },
  forbidden_scope: { status: 403, message: 'api.error.forbidden_scope' },
  not_found: { status: 404, message: 'api.error.not_found' },
  method_not_allowed: { status: 405, message: 'error.method_not_allowed' },
  conflict: { status: 409, message: 'api.error.conflict' },
  payload_too_large: { status: 413, message: 'error.payload_too_large' },
  uri_too_long: { status: 414, message: 'error.uri_too_long' },
  unsupported_media_type: { status: 415, message: 'api.error.unsupported_media_type' },
  too_many_requests: { status: 429, message: 'error.too_many_requests' },
  internal: { status: 500, message: 'error.internal' },
  unavailable: { status: 503, message: 'error.unavailable' },
} as const satisfies Record<string, { status: number; message: MessageKey }>;

export type ApiErrorCode = keyof typeof API_ERRORS;
export const API_ERROR_CODES = Object.keys(API_ERRORS) as ApiErrorCode[];

export interface ApiIssue {
  readonly path: string;
  readonly message: MessageKey;
  readonly params?: MessageParams;
}

/** An expected refusal: the handler throws it, the scope's error handler answers it. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly issues: readonly ApiIssue[] = [],
    readonly params?: MessageParams,
  ) {
    super(code);
    this.name = 'ApiError';
  }
}

/** The error body every refusal has; the document declares it for every operation. */
export const errorBodySchema = z
  .object({
    error: z.enum(API_ERROR_CODES as [ApiErrorCode, ...ApiErrorCode[]]),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() }).strict()).optional(),
  })
  .strict();

export type ErrorBody = z.infer<typeof errorBodySchema>;

export function errorBody(t: Translate, error: ApiError): ErrorBody {
  const { message } = API_ERRORS[error.code];
  const body: ErrorBody = { error: error.code, message: t(message, error.params ?? { reason: '' }) };
  if (error.issues.length > 0) {
    body.issues = error.issues.map((i) => ({ path: i.path, message: t(i.message, i.params) }));
  }
  return body;
}

export function sendApiError(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  const t = request.t ?? translator('ru');
  if (error.code.startsWith('token_')) reply.header('www-authenticate', 'Bearer realm="propusk"');
  return reply
    .code(API_ERRORS[error.code].status)
    .type('application/json; charset=utf-8')
    .send(errorBody(t, error));
}

/** Each zod problem as a field and a localised message (never the rejected value). */
export function issuesOf(error: z.ZodError, root: string): ApiIssue[] {
  const issues: ApiIssue[] = [];
  for (const issue of error.issues) {
    const base = [root, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        issues.push({ path: base ? `${base}.${key}` : key, message: 'api.issue.unknown_field' });
      continue;
    }
    issues.push({ path: base || root, ...issueMessage(issue) });
  }
  return issues.slice(0, 50);
}

function issueMessage(issue: z.core.$ZodIssue): Omit<ApiIssue, 'path'> {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { message: 'api.issue.required' }
        : { message: 'api.issue.wrong_type', params: { expected: String(issue.expected) } };
    case 'too_big':
      return { message: issue.origin === 'string' ? 'api.issue.too_long' : 'api.issue.too_big' };
    case 'too_small':
      return {
        message:
          issue.origin === 'string' && issue.minimum === 1 ? 'api.issue.required' : 'api.issue.too_small',
      };
    case 'custom':
      return { message: isApiMessage(issue.message) ? issue.message : 'api.issue.invalid' };
    default:
      return { message: 'api.issue.invalid' };
  }
}

function isApiMessage(value: string): value is MessageKey {
  return value.startsWith('api.issue.') && translator('ru')(value as MessageKey) !== value;
}
