/**
 * The live API's `$connect` authorizer: the access token of `?token=` verified as the REST
 * authorizer does, the principal made as for REST (with the client claim), and its
 * context handed to every route of the connection (`authorizeLiveConnection`).
 */
import { authorizeLiveConnection } from '#application/live/authorize-live-connection';
import { principalFromClaims } from '#http-stack/principal';
import { platformEnv, readEnv } from '#platform/config';
import { websocketAuthorizer } from '#platform/websocket-route';

const { DEFAULT_TENANT_ID } = readEnv(platformEnv);

export const handler = websocketAuthorizer(async (event) => {
  const context = await authorizeLiveConnection(event.queryStringParameters?.token, (claims) => principalFromClaims(claims, DEFAULT_TENANT_ID));
  return context ? { principalId: context.subject, context: { ...context } } : undefined;
});
