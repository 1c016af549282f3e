/**
 * Record a connection the authorizer let through (`$connect`).
 *
 * Steps:
 *   1. read the principal back from the authorizer's context (none: refused, 403);
 *   2. record the connection with its user, role and client, kept until the token expires
 *      (at most API Gateway's connection limit).
 */
import { saveLiveConnection } from '#adapters/dynamodb/live-connections-repository';
import { liveConnection, principalOfAuthorizerContext } from '#domain/live';
import { LIVE_CONNECTION_MAX_SECONDS } from '#lib/model/live';
import { Forbidden } from '#platform/errors';

export async function openLiveConnection(authorizer: Readonly<Record<string, unknown>> | null | undefined, connectionId: string, now: Date): Promise<void> {
  const authorised = principalOfAuthorizerContext(authorizer);
  if (!authorised) throw new Forbidden('This connection was not authorised');
  const { principal, exp } = authorised;
  await saveLiveConnection(principal.tenantId, liveConnection(principal, connectionId, now, exp, LIVE_CONNECTION_MAX_SECONDS));
}
