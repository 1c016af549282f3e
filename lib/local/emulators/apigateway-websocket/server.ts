/**
 * API Gateway WebSocket APIs, locally: one HTTP server on its own port that
 *   - upgrades `ws://127.0.0.1:<port>/<stage>?token=…` to a WebSocket after the model's
 *     `$connect` REQUEST authorizer allowed it (identity source: the query string parameter;
 *     missing or refused: 401; Deny: 403) and `$connect` answered 2xx;
 *   - routes each message by the route selection expression (`$request.body.action`) to its
 *     route, else `$default`, and a close to `$disconnect`, invoking the same handler modules
 *     with API Gateway's WebSocket event shape (`requestContext.connectionId`, `routeKey`,
 *     `eventType`, the authorizer's context in `requestContext.authorizer`);
 *   - answers the management API of `@aws-sdk/client-apigatewaymanagementapi` at
 *     `http://127.0.0.1:<port>/<stage>`: `POST`, `GET`, `DELETE /@connections/{id}`, with
 *     410 `GoneException` for a connection that is not open, 413 past 128 KB;
 *   - closes a connection idle for 10 minutes or open for 2 hours, as API Gateway does.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FunctionSpec, WebSocketApiDecl } from '#lib/model/types';

/** Invokes a handler module as Lambda would (the local runtime's `invoke`). */
export type Invoke = (name: string, handler: string, fn: FunctionSpec, event: unknown) => Promise<unknown>;

export interface LocalWebSocketApiOptions {
  readonly decl: WebSocketApiDecl;
  readonly invoke: Invoke;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default 'local' */
  readonly stage?: string;
  /** @default API Gateway's 10 minutes */
  readonly idleTimeoutMs?: number;
  /** @default API Gateway's 2 hours */
  readonly maxConnectionMs?: number;
}

export interface LocalWebSocketApi {
  /** Where clients connect: `ws://127.0.0.1:<port>/<stage>` (add `?token=<access token>`). */
  readonly url: string;
  /** The management API's endpoint (`LIVE_CONNECTIONS_ENDPOINT`): `http://127.0.0.1:<port>/<stage>`. */
  readonly managementEndpoint: string;
  /** How many connections are open. */
  openConnections(): number;
  stop(): Promise<void>;
}

const MAX_POST_BYTES = 128 * 1024;
const API_ID = 'local-live';

interface Connection {
  readonly id: string;
  readonly socket: WebSocket;
  readonly connectedAt: number;
  lastActiveAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly authorizer: Record<string, unknown>;
  timers: NodeJS.Timeout[];
}

const newConnectionId = () => `${randomBytes(9).toString('base64url')}=`;

function headersOf(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ message: reason })}`);
  socket.destroy();
}

function statusOf(result: unknown): number {
  const status = (result as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : 200;
}

export async function startLocalWebSocketApi(options: LocalWebSocketApiOptions): Promise<LocalWebSocketApi> {
  const { decl, invoke } = options;
  const stage = options.stage ?? 'local';
  const idleMs = options.idleTimeoutMs ?? 10 * 60_000;
  const maxMs = options.maxConnectionMs ?? 2 * 3600_000;
  const connections = new Map<string, Connection>();
  const wss = new WebSocketServer({ noServer: true });
  const routeOf = (key: string) => decl.routes.find((r) => r.routeKey === key);
  const fnName = (key: string) => `${decl.name}-${key.replace(/^\$/, '')}`;
  let domainName = '127.0.0.1';

  const requestContext = (connectionId: string, routeKey: string, eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT', extra: Record<string, unknown> = {}) => {
    const now = Date.now();
    const c = connections.get(connectionId);
    return {
      routeKey,
      eventType,
      messageDirection: 'IN',
      stage,
      apiId: API_ID,
      domainName,
      connectionId,
      connectedAt: c?.connectedAt ?? now,
      requestId: randomBytes(8).toString('hex'),
      extendedRequestId: randomBytes(8).toString('hex'),
      requestTime: new Date(now).toUTCString(),
      requestTimeEpoch: now,
      identity: { sourceIp: c?.sourceIp ?? '127.0.0.1', userAgent: c?.userAgent ?? '' },
      ...extra,
    };
  };

  let stopping = false;
  const invokeRoute = async (routeKey: string, event: Record<string, unknown>): Promise<number> => {
    const route = routeOf(routeKey);
    // Stopping: the stack's emulators go too, so the closes it causes invoke nothing.
    if (!route || stopping) return 200;
    try {
      return statusOf(await invoke(fnName(routeKey), route.handler, route.fn, event));
    } catch (error) {
      console.error(`[live] ${routeKey} failed:`, error);
      return 500;
    }
  };

  const close = (connection: Connection, code: number, reason: string) => {
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.close(code, reason);
  };

  const armTimers = (connection: Connection) => {
    for (const t of connection.timers) clearTimeout(t);
    const idleLeft = idleMs - (Date.now() - connection.lastActiveAt);
    const maxLeft = maxMs - (Date.now() - connection.connectedAt);
    connection.timers = [
      setTimeout(() => close(connection, 1001, 'Going away: idle timeout'), Math.max(0, idleLeft)),
      setTimeout(() => close(connection, 1001, 'Going away: connection duration limit'), Math.max(0, maxLeft)),
    ];
  };

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    const headers = headersOf(request);
    const connectionId = newConnectionId();
    const context = requestContext(connectionId, '$connect', 'CONNECT');
    // API Gateway refuses a $connect without the identity source before calling the authorizer.
    const identity = query[decl.authorizer.identityQuery];
    if (!identity) return refuseUpgrade(socket, 401, 'Unauthorized');
    let authorizer: Record<string, unknown>;
    try {
      const result = (await invoke(`${decl.name}-authorizer`, decl.authorizer.handler, decl.authorizer.fn, {
        type: 'REQUEST',
        methodArn: `arn:aws:execute-api:us-east-1:000000000000:${API_ID}/${stage}/$connect`,
        headers,
        queryStringParameters: query,
        stageVariables: {},
        requestContext: context,
      })) as { principalId?: string; policyDocument?: { Statement?: { Effect?: string }[] }; context?: Record<string, unknown> };
      if (!result?.policyDocument?.Statement?.some((s) => s.Effect === 'Allow')) return refuseUpgrade(socket, 403, 'Forbidden');
      authorizer = { ...(result.context ?? {}), principalId: result.principalId };
    } catch {
      // The authorizer's `Unauthorized` (or any failure): API Gateway answers 401.
      return refuseUpgrade(socket, 401, 'Unauthorized');
    }
    const status = await invokeRoute('$connect', {
      headers,
      queryStringParameters: query,
      requestContext: { ...context, authorizer },
      isBase64Encoded: false,
    });
    if (status < 200 || status >= 300) return refuseUpgrade(socket, status, 'Forbidden');
    wss.handleUpgrade(request, socket, head, (ws) => {
      const now = Date.now();
      const connection: Connection = {
        id: connectionId,
        socket: ws,
        connectedAt: now,
        lastActiveAt: now,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
        authorizer,
        timers: [],
      };
      connections.set(connectionId, connection);
      armTimers(connection);
      ws.on('message', (data, isBinary) => {
        connection.lastActiveAt = Date.now();
        armTimers(connection);
        const body = isBinary ? Buffer.from(data as Buffer).toString('base64') : data.toString();
        let action: unknown;
        try {
          action = (JSON.parse(body) as Record<string, unknown>)?.action;
        } catch {
          action = undefined;
        }
        const routeKey = typeof action === 'string' && routeOf(action) ? action : '$default';
        void invokeRoute(routeKey, {
          requestContext: { ...requestContext(connectionId, routeKey, 'MESSAGE', { messageId: randomBytes(8).toString('hex') }), authorizer },
          body,
          isBase64Encoded: isBinary,
        });
      });
      ws.on('close', (code, reason) => {
        for (const t of connection.timers) clearTimeout(t);
        void invokeRoute('$disconnect', {
          headers,
          requestContext: { ...requestContext(connectionId, '$disconnect', 'DISCONNECT', { disconnectStatusCode: code, disconnectReason: reason.toString() }), authorizer },
          isBase64Encoded: false,
        }).finally(() => connections.delete(connectionId));
      });
    });
  }

  /** The management API: `[/<stage>]/@connections/{connectionId}`. */
  function manage(request: IncomingMessage, response: ServerResponse): void {
    const match = /^(?:\/[^/]+)?\/@connections\/([^/?]+)$/.exec(new URL(request.url ?? '/', 'http://localhost').pathname);
    const answer = (status: number, body?: unknown, errorType?: string) => {
      response.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (!match) return answer(404, { message: 'Not Found' }, 'NotFoundException');
    const connection = connections.get(decodeURIComponent(match[1] as string));
    const open = connection && connection.socket.readyState === connection.socket.OPEN;
    if (request.method === 'GET') {
      if (!open) return answer(410, { message: 'Gone' }, 'GoneException');
      // The REST-JSON names of GetConnection's answer (the SDK maps them to ConnectedAt, Identity...).
      return answer(200, { connectedAt: new Date(connection.connectedAt).toISOString(), lastActiveAt: new Date(connection.lastActiveAt).toISOString(), identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent } });
    }
    if (request.method === 'DELETE') {
      if (!open) return answer(410, { message: 'Gone' }, 'GoneException');
      close(connection, 1000, 'Closed by the server');
      return answer(204);
    }
    if (request.method !== 'POST') return answer(405, { message: 'Method Not Allowed' });
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_POST_BYTES) return answer(413, { message: 'Payload too large' }, 'PayloadTooLargeException');
      if (!open) return answer(410, { message: 'Gone' }, 'GoneException');
      connection.socket.send(Buffer.concat(chunks).toString('utf8'));
      return answer(200);
    });
  }

  const server = createServer(manage);
  server.on('upgrade', (request, socket, head) => {
    upgrade(request, socket, head).catch((error: unknown) => {
      console.error('[live] upgrade failed:', error);
      refuseUpgrade(socket, 500, 'Internal Server Error');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  domainName = `127.0.0.1:${port}`;
  return {
    url: `ws://127.0.0.1:${port}/${stage}`,
    managementEndpoint: `http://127.0.0.1:${port}/${stage}`,
    openConnections: () => connections.size,
    async stop() {
      stopping = true;
      for (const c of connections.values()) {
        for (const t of c.timers) clearTimeout(t);
        c.socket.terminate();
      }
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
