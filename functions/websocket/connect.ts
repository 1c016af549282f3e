/** `$connect`: records the connection the authorizer let through (`openLiveConnection`). */
import { openLiveConnection } from '#application/live/open-live-connection';
import { websocketRoute } from '#platform/websocket-route';

export const handler = websocketRoute(async ({ requestContext }) => openLiveConnection(requestContext.authorizer, requestContext.connectionId, new Date()));
