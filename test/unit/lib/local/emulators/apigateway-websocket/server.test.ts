/**
 * The local WebSocket API against stand-in handlers: what API Gateway does around them
 * (identity source, authorizer Allow/Deny/throw, $connect's answer, route selection, the
 * authorizer context on every route, $disconnect) and the management API as the real
 * `@aws-sdk/client-apigatewaymanagementapi` client calls it (post, get, delete, 410, 413).
 */
import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, GoneException, PayloadTooLargeException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLocalWebSocketApi, type LocalWebSocketApi } from '#lib/local/emulators/apigateway-websocket/server';
import type { FunctionSpec, WebSocketApiDecl } from '#lib/model/types';

const FN: FunctionSpec = { access: {} };
const DECL: WebSocketApiDecl = {
  name: 'live',
  routeSelectionExpression: '$request.body.action',
  authorizer: { handler: 'authorizer', identityQuery: 'token', fn: FN },
  routes: [
    { routeKey: '$connect', handler: 'connect', fn: FN },
    { routeKey: '$disconnect', handler: 'disconnect', fn: FN },
    { routeKey: '$default', handler: 'default', fn: FN },
    { routeKey: 'echo', handler: 'echo', fn: FN },
  ],
};

type Call = { handler: string; event: any };
let api: LocalWebSocketApi | undefined;

async function start(behaviour: { authorizer?: (token: string) => unknown; connectStatus?: number; idleTimeoutMs?: number } = {}) {
  const calls: Call[] = [];
  api = await startLocalWebSocketApi({
    decl: DECL,
    ...(behaviour.idleTimeoutMs ? { idleTimeoutMs: behaviour.idleTimeoutMs } : {}),
    invoke: async (_name, handler, _fn, event: any) => {
      calls.push({ handler, event });
      if (handler === 'authorizer') {
        const decide = behaviour.authorizer ?? ((token: string) => (token === 'good' ? 'Allow' : 'throw'));
        const effect = decide(event.queryStringParameters.token);
        if (effect === 'throw') throw new Error('Unauthorized');
        return { principalId: 'user-1', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: event.methodArn }] }, context: { tenantId: 't1', role: 'manager' } };
      }
      if (handler === '$connect' || handler === 'connect') return { statusCode: behaviour.connectStatus ?? 200 };
      return { statusCode: 200 };
    },
  });
  const management = new ApiGatewayManagementApiClient({ endpoint: api.managementEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return { api, calls, management };
}

afterEach(async () => {
  await api?.stop();
  api = undefined;
});

function connect(url: string): Promise<{ socket: WebSocket; messages: string[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const messages: string[] = [];
    const closed = new Promise<number>((r) => socket.once('close', (code) => r(code)));
    socket.on('message', (d) => messages.push(d.toString()));
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error('refused'), { status: res.statusCode })));
    socket.once('open', () => resolve({ socket, messages, closed }));
  });
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('the local WebSocket API', () => {
  it('refuses a connection without the identity source (401) without calling the authorizer', async () => {
    const { api: live, calls } = await start();
    await expect(connect(live.url)).rejects.toMatchObject({ status: 401 });
    expect(calls).toEqual([]);
  });

  it('answers 401 when the authorizer throws, 403 on Deny or when $connect refuses', async () => {
    const denied = await start({ authorizer: (t) => (t === 'deny' ? 'Deny' : 'throw') });
    await expect(connect(`${denied.api.url}?token=bad`)).rejects.toMatchObject({ status: 401 });
    await expect(connect(`${denied.api.url}?token=deny`)).rejects.toMatchObject({ status: 403 });
    expect(denied.calls.map((c) => c.handler)).toEqual(['authorizer', 'authorizer']);
    await api!.stop();
    const refused = await start({ connectStatus: 403 });
    await expect(connect(`${refused.api.url}?token=good`)).rejects.toMatchObject({ status: 403 });
    expect(refused.api.openConnections()).toBe(0);
  });

  it('hands the authorizer context to every route, selects routes by action, and calls $disconnect on close', async () => {
    const { api: live, calls } = await start();
    const client = await connect(`${live.url}?token=good`);
    const connectEvent = calls.find((c) => c.handler === 'connect')!.event;
    expect(connectEvent.requestContext).toMatchObject({ routeKey: '$connect', eventType: 'CONNECT', stage: 'local', authorizer: { tenantId: 't1', role: 'manager', principalId: 'user-1' } });
    client.socket.send('{"action":"echo","x":1}');
    client.socket.send('{"action":"other"}');
    client.socket.send('not json');
    await until(() => calls.filter((c) => c.handler === 'echo' || c.handler === 'default').length === 3);
    expect(calls.filter((c) => c.event.requestContext.eventType === 'MESSAGE').map((c) => [c.handler, c.event.requestContext.routeKey, c.event.body])).toEqual([
      ['echo', 'echo', '{"action":"echo","x":1}'],
      ['default', '$default', '{"action":"other"}'],
      ['default', '$default', 'not json'],
    ]);
    for (const c of calls.filter((x) => x.handler !== 'authorizer')) expect(c.event.requestContext.connectionId).toBe(connectEvent.requestContext.connectionId);
    client.socket.close(1000);
    await until(() => calls.some((c) => c.handler === 'disconnect'));
    expect(calls.find((c) => c.handler === 'disconnect')!.event.requestContext).toMatchObject({ eventType: 'DISCONNECT', disconnectStatusCode: 1000, authorizer: { tenantId: 't1' } });
  });

  it('answers the management API as API Gateway does: post, get, delete, then 410 Gone; 413 past 128 KB', async () => {
    const { api: live, calls, management } = await start();
    const client = await connect(`${live.url}?token=good`);
    const id = calls.find((c) => c.handler === 'connect')!.event.requestContext.connectionId as string;
    await management.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from('{"type":"pong"}') }));
    await until(() => client.messages.length === 1);
    expect(client.messages).toEqual(['{"type":"pong"}']);
    const info = await management.send(new GetConnectionCommand({ ConnectionId: id }));
    expect(info.Identity?.SourceIp).toMatch(/127\.0\.0\.1/);
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    await expect(management.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.alloc(129 * 1024) }))).rejects.toBeInstanceOf(PayloadTooLargeException);
    await management.send(new DeleteConnectionCommand({ ConnectionId: id }));
    expect(await client.closed).toBe(1000);
    await expect(management.send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from('late') }))).rejects.toBeInstanceOf(GoneException);
    await expect(management.send(new PostToConnectionCommand({ ConnectionId: 'never-existed=', Data: Buffer.from('x') }))).rejects.toBeInstanceOf(GoneException);
  });

  it('closes a connection left idle (1001)', async () => {
    const { api: live } = await start({ idleTimeoutMs: 100 });
    const client = await connect(`${live.url}?token=good`);
    expect(await client.closed).toBe(1001);
  });
});
