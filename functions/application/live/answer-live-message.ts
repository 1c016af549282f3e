/**
 * Answer what a client sends on its connection (`$default`): `{"action":"ping"}` gets a
 * pong, anything else an error message (updates are pushed, never asked for).
 */
import { postToConnection } from '#adapters/apigateway/live-connections';
import { answerToClientMessage } from '#domain/live';

export async function answerLiveMessage(connectionId: string, body: string | null | undefined, now: Date): Promise<void> {
  await postToConnection(connectionId, answerToClientMessage(body, now));
}
