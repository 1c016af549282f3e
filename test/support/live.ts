/**
 * A WebSocket client of the live API, as the console is one: connects with an access token
 * (`?token=`), keeps every message it receives, and waits for the one a test expects.
 */
import { inject } from 'vitest';
import WebSocket from 'ws';

/** The live API's URL on the shared local stack (its management endpoint, as a WebSocket URL). */
export const liveUrl = (): string => (inject('stackEnv').LIVE_CONNECTIONS_ENDPOINT as string).replace(/^http/, 'ws');

export interface LiveClient {
  readonly socket: WebSocket;
  /** Every message received so far, parsed. */
  readonly messages: Array<{ type: string; data: any; receivedAt: number }>;
  /** The first message (received or to come) that `match` accepts; rejects after `timeoutMs`. */
  next(match: (m: { type: string; data: any }) => boolean, timeoutMs?: number): Promise<{ type: string; data: any; receivedAt: number }>;
  close(): Promise<void>;
}

/** Opens a connection; rejects with the HTTP status of a refused upgrade (`status`). */
export function connectLive(token: string | undefined, url = liveUrl()): Promise<LiveClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(token === undefined ? url : `${url}?token=${encodeURIComponent(token)}`);
    const messages: LiveClient['messages'] = [];
    const waiters: Array<() => void> = [];
    socket.on('message', (data) => {
      messages.push({ ...(JSON.parse(data.toString()) as { type: string; data: unknown }), receivedAt: performance.now() });
      for (const w of waiters.splice(0)) w();
    });
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        messages,
        next(match, timeoutMs = 20_000) {
          return new Promise((ok, fail) => {
            const deadline = setTimeout(() => fail(new Error(`no matching live message in ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => m.type))}`)), timeoutMs);
            const look = () => {
              const found = messages.find(match);
              if (found) {
                clearTimeout(deadline);
                ok(found);
              } else waiters.push(look);
            };
            look();
          });
        },
        close: () =>
          new Promise<void>((done) => {
            if (socket.readyState === WebSocket.CLOSED) return done();
            socket.once('close', () => done());
            socket.close();
          }),
      }),
    );
  });
}
