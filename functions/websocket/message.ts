/** `$default`: answers what a client sends (`{"action":"ping"}`: a pong) on its connection (`answerLiveMessage`). */
import { answerLiveMessage } from '#application/live/answer-live-message';
import { websocketRoute } from '#platform/websocket-route';

export const handler = websocketRoute(async ({ requestContext, body, isBase64Encoded }) =>
  answerLiveMessage(requestContext.connectionId, isBase64Encoded && body ? Buffer.from(body, 'base64').toString('utf8') : body, new Date()),
);
