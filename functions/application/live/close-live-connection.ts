/**
 * Forget a closed connection (`$disconnect`): its record goes (none, or gone already: nothing to do).
 */
import { forgetLiveConnection } from '#adapters/dynamodb/live-connections-repository';
import { principalOfAuthorizerContext } from '#domain/live';

export async function closeLiveConnection(authorizer: Readonly<Record<string, unknown>> | null | undefined, connectionId: string): Promise<void> {
  const authorised = principalOfAuthorizerContext(authorizer);
  if (authorised) await forgetLiveConnection(authorised.principal.tenantId, connectionId);
}
