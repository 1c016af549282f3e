/** `$disconnect`: forgets the connection (`closeLiveConnection`). */
import { closeLiveConnection } from '#application/live/close-live-connection';
import { websocketRoute } from '#platform/websocket-route';

export const handler = websocketRoute(async ({ requestContext }) => closeLiveConnection(requestContext.authorizer, requestContext.connectionId));
