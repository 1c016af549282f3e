/**
 * Push one message to connections, as the live use cases share it.
 *
 * Steps:
 *   1. skip the connections whose token has expired (their record waits for its TTL);
 *   2. post to each of the others, all at once;
 *   3. forget each connection API Gateway says is gone (410);
 *   4. throw when any other post failed (the caller's message is retried: a push is
 *      idempotent for the client, which keys what it shows by id).
 * Returns how many connections received the message.
 */
import { postToConnection } from '#adapters/apigateway/live-connections';
import { forgetLiveConnection } from '#adapters/dynamodb/live-connections-repository';
import { isLive, type LiveConnection, type LiveMessage } from '#domain/live';
import { logger } from '#platform/observability';

export async function pushToConnections(tenantId: string, connections: readonly LiveConnection[], message: LiveMessage, now: Date): Promise<number> {
  const outcomes = await Promise.allSettled(
    connections.filter((c) => isLive(c, now)).map(async (c) => {
      const outcome = await postToConnection(c.id, message);
      if (outcome === 'gone') await forgetLiveConnection(tenantId, c.id);
      return outcome;
    }),
  );
  const failed = outcomes.filter((o) => o.status === 'rejected');
  if (failed.length > 0) {
    logger.warn('Live posts failed', { failed: failed.length, type: message.type });
    throw new Error(`${failed.length} live posts failed`, { cause: (failed[0] as PromiseRejectedResult).reason });
  }
  return outcomes.filter((o) => o.status === 'fulfilled' && o.value === 'sent').length;
}
