/**
 * Posts messages to the live WebSocket API's connections through API Gateway's management
 * API (`PostToConnection`). `LIVE_CONNECTIONS_ENDPOINT` is the API stage's callback URL,
 * `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}` (set by the CDK stack with
 * the ManageConnections grant); locally the local WebSocket API's, which answers the same
 * calls. The client is created once per execution environment.
 */
import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import * as z from 'zod';
import { readEnv } from '#platform/config';

const env = readEnv({ LIVE_CONNECTIONS_ENDPOINT: z.url({ protocol: /^https?$/ }) });
const client = new ApiGatewayManagementApiClient({ endpoint: env.LIVE_CONNECTIONS_ENDPOINT });

/** What became of a post: delivered, or the connection is gone (API Gateway's 410: forget it). */
export type PostOutcome = 'sent' | 'gone';

/** Sends one message (JSON) to a connection; throws on any failure but a gone connection. */
export async function postToConnection(connectionId: string, message: unknown): Promise<PostOutcome> {
  try {
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(JSON.stringify(message)) }));
    return 'sent';
  } catch (error) {
    if (error instanceof GoneException || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410) return 'gone';
    throw error;
  }
}
