/**
 * Idempotency-Key on the routes that declare it (as in the IETF httpapi
 * Idempotency-Key draft and Stripe): the first answer, 5xx included, is kept 24
 * hours and replayed for the same key and payload; the same key with another
 * payload is 422; while the first request still runs, 409.
 *
 * Two middleware objects because they sit at two places of the chain: the check
 * runs after authorisation, the save after the error mapper has made the answer.
 * Not Powertools idempotency: it deletes the record when the handler fails, and
 * here a 5xx must be replayed too.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { RouteDecl } from '#lib/model/types';
import { Conflict, Unprocessable, ValidationFailed } from '#platform/errors';
import { logger } from '#platform/observability';
import type { IdempotencyStore } from '../ports';
import { stateOf } from '../request-state';

type Mw = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>;

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function idempotencyCheck(route: RouteDecl, store: IdempotencyStore): Mw {
  const lockSeconds = (route.fn.timeoutSeconds ?? 10) + 5;
  return {
    before: async (request) => {
      if (!route.idempotent) return;
      const state = stateOf(request.event);
      const key = state.request?.headers['idempotency-key'];
      if (key === undefined) return;
      if (!KEY_PATTERN.test(key)) {
        throw new ValidationFailed('Idempotency-Key must be 1 to 255 visible ASCII characters', [{ path: 'headers.idempotency-key', message: 'invalid' }]);
      }
      const principal = state.request?.principal;
      // Scoped to the caller: two partners using the same key never see each other's answers.
      const owner = `${principal?.tenantId ?? '-'}#${principal?.subject ?? request.event.requestContext?.identity?.apiKeyId ?? '-'}`;
      const pk = `IDEMPOTENCY#${owner}#${route.operationId}#${key}`;
      const payloadHash = createHash('sha256').update(`${request.event.path}\n${request.event.body ?? ''}`).digest('base64url');
      const outcome = await store.claim(pk, payloadHash, lockSeconds);
      if (outcome.kind === 'mismatch') throw new Unprocessable('This Idempotency-Key was used with another payload', 'IDEMPOTENCY_KEY_REUSED');
      if (outcome.kind === 'in-progress') throw new Conflict('A request with this Idempotency-Key is still being processed; retry later', 'IDEMPOTENCY_IN_PROGRESS');
      if (outcome.kind === 'completed') {
        state.replay = { ...outcome.response, headers: { ...outcome.response.headers, 'Idempotent-Replayed': 'true' } };
        return;
      }
      state.idempotencyKey = { pk, payloadHash };
    },
  };
}

export function idempotencySave(store: IdempotencyStore): Mw {
  const save = async (request: { event: APIGatewayProxyEvent; response: APIGatewayProxyResult | null | undefined }) => {
    const state = stateOf(request.event);
    if (!state.idempotencyKey || !request.response) return;
    try {
      await store.complete(state.idempotencyKey.pk, request.response);
    } catch (error) {
      // The answer stands; without the record a retry runs again, which the lock window bounds.
      logger.error('Could not store the idempotent answer', { error: error as Error });
    }
  };
  return { after: save, onError: save };
}
