/**
 * `GET /r/<realm>/whoami`: the session check (Ory Kratos calls it whoami). Answers who is signed
 * in with this browser's session cookie, as JSON, or 401. Small scripts of our pages and
 * same-site applications use it; it is also the purest measure of what a session check costs.
 */
import type { FastifyInstance } from 'fastify';
import { kept } from '../core/kept.js';
import type { Services } from '../services.js';
import { currentSession, realmOf } from '../web/auth.js';
import { sendError } from '../web/error-handler.js';

/** The answer's shape: Fastify compiles a serializer for it once instead of JSON.stringify. */
const ANSWER = {
  type: 'object',
  additionalProperties: false,
  required: ['realm', 'person', 'session'],
  properties: {
    realm: { type: 'string' },
    person: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'login', 'lastName', 'firstName', 'middleName', 'mustChangePassword'],
      properties: {
        id: { type: 'string' },
        login: { type: 'string' },
        lastName: { type: 'string' },
        firstName: { type: 'string' },
        middleName: { type: ['string', 'null'] },
        mustChangePassword: { type: 'boolean' },
      },
    },
    session: {
      type: 'object',
      additionalProperties: false,
      required: ['method', 'createdAt', 'expiresAt'],
      properties: {
        method: { type: 'string' },
        createdAt: { type: 'string' },
        expiresAt: { type: 'string' },
      },
    },
  },
} as const;

/**
 * A time as ISO 8601, kept: a session's start and end are formatted for every check of it, and
 * V8 formats a date through printf (about 1 µs a pair under load, 2 % of a check). Only the times
 * of sessions found live reach here, so a stranger cannot fill it.
 */
const isoTimes = kept<number, string>(8192);
function isoTime(ms: number): string {
  let text = isoTimes.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    isoTimes.keep(ms, text);
  }
  return text;
}

export function registerWhoami(app: FastifyInstance, services: Services): void {
  const options = { config: { jsonOnly: true }, schema: { response: { 200: ANSWER } } };
  app.get('/whoami', options, async (request, reply) => {
    const signedIn = await currentSession(services, request);
    if (!signedIn) return sendError(request, reply, 'unauthenticated', 'json');
    const { person, session } = signedIn;
    return {
      realm: realmOf(request).id,
      person: {
        id: person.id,
        login: person.login,
        lastName: person.last_name,
        firstName: person.first_name,
        middleName: person.middle_name,
        mustChangePassword: person.password_must_change === 1,
      },
      session: {
        method: session.method,
        createdAt: isoTime(session.created_at),
        expiresAt: isoTime(session.expires_at),
      },
    };
  });
}
