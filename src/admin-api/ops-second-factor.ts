/**
 * A lost second factor, reset through the API: the same operation as the curator's desk and
 * `propusk factors reset` (`factors/reset.ts`) — the authenticator app, recovery codes and
 * passkeys removed, every session ended, one audit event (`via: api`, the token's id) and a
 * letter to a confirmed address, in one transaction. An organisation's token works on its own
 * members only and not on administrators, curators or support people, as at the desk. A person
 * without a factor is a 409 and nothing is written; of two resets at once, one resets and the
 * other gets that 409.
 */
import { z } from 'zod';
import { resetSecondFactor } from '../factors/reset.js';
import { clientIp, userAgent } from '../web/context.js';
import { ApiError } from './errors.js';
import { defineOperation } from './operation.js';
import { idSchema } from './schemas.js';
import { personInScope, requireActionable } from './scope.js';

const resetFactor = defineOperation({
  id: 'resetSecondFactor',
  method: 'POST',
  path: '/people/{id}/second-factor/reset',
  tag: 'people',
  summary:
    'Remove the person’s second factor (app, recovery codes, passkeys) after checking who they are; their sessions end and they are told by email',
  params: z.strictObject({ id: idSchema }),
  response: z.strictObject({
    totp: z.boolean(),
    recoveryCodes: z.number().int(),
    passkeys: z.number().int(),
    sessionsEnded: z.number().int(),
  }),
  errors: ['forbidden_scope', 'conflict'],
  async handler({ services, scope, params, request }) {
    const person = await personInScope(services, scope, params.id);
    await requireActionable(services, scope, person.id);
    const outcome = await resetSecondFactor(services, {
      realm: scope.realm,
      person,
      organisation: scope.organisation ? { id: scope.organisation.id, name: scope.organisation.name } : null,
      actorId: null,
      ip: clientIp(request),
      userAgent: userAgent(request),
      via: 'api',
      tokenId: scope.token.id,
    });
    if (outcome.kind === 'none')
      throw new ApiError('conflict', [], { reason: request.t('api.conflict.no_second_factor') });
    return {
      totp: outcome.totp,
      recoveryCodes: outcome.recoveryCodes,
      passkeys: outcome.passkeys,
      sessionsEnded: outcome.sessionsEnded,
    };
  },
});

export const SECOND_FACTOR_OPERATIONS = [resetFactor];
