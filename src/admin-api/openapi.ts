/**
 * The OpenAPI 3.1 document of the admin API, made from the operations' own zod schemas
 * (`z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 uses it): request schemas as the client
 * sends them (`io: 'input'`: defaults make a field optional), answers as the service sends them.
 * Every schema is written out in place (no `$ref`), so a client can read any operation alone.
 * Built once at start and served at `GET /api/admin/v1/openapi.json`.
 */
import { z } from 'zod';
import { API_ERRORS, type ApiErrorCode, errorBodySchema } from './errors.js';
import type { Operation } from './operation.js';

export const API_PREFIX = '/api/admin/v1';
export const API_VERSION = '1.0.0';

type JsonSchema = Record<string, unknown>;

export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

/** Every operation can give these; each declares its own beyond them. */
export const COMMON_ERRORS: readonly ApiErrorCode[] = [
  'invalid_request',
  'token_missing',
  'not_found',
  'too_many_requests',
  'internal',
  'unavailable',
];

function parameters(schema: z.ZodObject<z.ZodRawShape>, where: 'path' | 'query'): JsonSchema[] {
  const json = jsonSchemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function errorResponses(operation: Operation): Record<string, JsonSchema> {
  const byStatus = new Map<number, ApiErrorCode[]>();
  const codes = new Set<ApiErrorCode>([...COMMON_ERRORS, ...operation.errors]);
  if (operation.body)
    for (const c of ['invalid_json', 'payload_too_large', 'unsupported_media_type'] as const) codes.add(c);
  if (operation.realmOnly) codes.add('forbidden_scope');
  for (const code of codes) {
    const status = API_ERRORS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  // Every token refusal is a 401, whichever of them it is.
  if (byStatus.has(401))
    byStatus.set(401, ['token_missing', 'token_invalid', 'token_expired', 'token_revoked']);
  const body = jsonSchemaOf(errorBodySchema, 'output');
  const out: Record<string, JsonSchema> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: list.join(', '),
      content: { 'application/json': { schema: body } },
    };
  }
  return out;
}

export function openApiDocument(operations: readonly Operation[], baseUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) {
    const item = paths[op.path] ?? {};
    item[op.method.toLowerCase()] = {
      operationId: op.id,
      summary: op.summary,
      tags: [op.tag],
      security: [{ bearer: [] }],
      parameters: [...parameters(op.params, 'path'), ...parameters(op.query, 'query')],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchemaOf(op.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [String(op.status)]: {
          description: op.summary,
          content: { 'application/json': { schema: jsonSchemaOf(op.response, 'output') } },
        },
        ...errorResponses(op),
      },
      ...(op.realmOnly ? { 'x-propusk-scope': 'realm' } : {}),
    };
    paths[op.path] = item;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Propusk admin API',
      version: API_VERSION,
      description:
        'People, memberships, invitations and the audit of one realm, or of one organisation of it, as the API token allows. Errors: {"error": code, "message": localised text, "issues": [{path, message}]}. Lists are paged by an opaque `cursor`: pass `next` of one page to get the following one.',
    },
    servers: [{ url: `${baseUrl}${API_PREFIX}` }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'propusk token create' } },
    },
  };
}
