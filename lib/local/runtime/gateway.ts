/**
 * The local API gateway: serves the model's routes on localhost the way API
 * Gateway's REST API does — Cognito authorizer (JWT verified against the pool's
 * JWKS, scopes checked), API keys and usage plans (403, 429), REST proxy events to
 * the same handler modules, and the same problem+json gateway responses.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { GATEWAY_PROBLEMS, gatewayProblemBody, type GatewayProblem } from '#lib/model/gateway-responses';
import { tokenAccepted } from '#lib/model/scopes';
import type { RouteDecl } from '#lib/model/types';
import { invoke, InvocationTimeout } from './lambda-invoker';
import { claimsAsStrings, restProxyEvent } from './rest-event';
import { RouteTable } from '#lib/model/route-table';
import type { UsagePlans } from '../emulators/apigateway/usage-plans';
import { GRAPHQL_PLAYGROUND_HTML } from './graphql-playground';

/** Verifies a bearer token as the Cognito authorizer does; throws when it is not valid. */
export type TokenVerifier = (token: string) => Promise<Record<string, unknown>>;

export interface LocalGatewayOptions {
  readonly routes: readonly RouteDecl[];
  readonly usagePlans: UsagePlans;
  readonly verifyToken: TokenVerifier;
  readonly port: number;
  readonly stage?: string;
  readonly corsOrigins?: readonly string[];
  /** Called for each handled request (for logs). */
  readonly onRequest?: (line: { method: string; path: string; status: number; ms: number }) => void;
}

export interface LocalGateway {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

class GatewayRefusal extends Error {
  constructor(readonly problem: GatewayProblem, readonly headers: Record<string, string> = {}) {
    super(problem.code);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new GatewayRefusal(GATEWAY_PROBLEMS.tooLarge);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function authorize(route: RouteDecl, header: string | undefined, verify: TokenVerifier): Promise<Record<string, string> | undefined> {
  if (route.auth.kind === 'public') return undefined;
  const token = header?.replace(/^Bearer\s+/i, '').trim();
  if (!token) throw new GatewayRefusal(GATEWAY_PROBLEMS.missingToken);
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token);
  } catch {
    throw new GatewayRefusal(GATEWAY_PROBLEMS.missingToken);
  }
  const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
  if (!tokenAccepted(route.auth, granted)) throw new GatewayRefusal(GATEWAY_PROBLEMS.scopes);
  return claimsAsStrings(payload);
}

function send(res: ServerResponse, status: number, headers: Record<string, string | number | boolean>, body: Buffer | string): void {
  res.writeHead(status, Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])));
  res.end(body);
}

function sendProxyResult(res: ServerResponse, result: unknown, requestId: string): void {
  const r = result as Partial<APIGatewayProxyResult> | undefined;
  if (!r || typeof r.statusCode !== 'number') throw new GatewayRefusal(GATEWAY_PROBLEMS.default5xx);
  const headers: Record<string, string | number | boolean> = { ...r.headers, 'x-amzn-RequestId': requestId };
  for (const [name, values] of Object.entries(r.multiValueHeaders ?? {})) headers[name] = values.join(', ');
  const body = r.body ?? '';
  send(res, r.statusCode, headers, r.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  const table = new RouteTable(options.routes);
  const stage = options.stage ?? 'local';
  const corsOrigins = options.corsOrigins ?? [];

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<number> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = req.headers.origin;
    if (method === 'OPTIONS' && origin && corsOrigins.includes(origin)) {
      send(res, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization,Content-Type,x-api-key,If-Match,If-None-Match,Idempotency-Key',
        'Access-Control-Max-Age': 600,
        Vary: 'Origin',
      }, '');
      return 204;
    }
    if (method === 'GET' && url.pathname === '/graphql') {
      send(res, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }, GRAPHQL_PLAYGROUND_HTML);
      return 200;
    }
    let match;
    try {
      match = table.match(method, url.pathname);
    } catch {
      match = { kind: 'not-found' as const };
    }
    if (match.kind !== 'matched') throw new GatewayRefusal(GATEWAY_PROBLEMS.unknownRoute);
    const { route } = match;
    const claims = await authorize(route, req.headers.authorization, options.verifyToken);
    let apiKey: { id: string; value: string } | undefined;
    if (route.apiKey) {
      const value = req.headers['x-api-key'];
      const decision = options.usagePlans.admit(typeof value === 'string' ? value : undefined);
      if (!decision.ok) {
        if (decision.reason === 'invalid') throw new GatewayRefusal(GATEWAY_PROBLEMS.badApiKey);
        const retry: Record<string, string> = decision.retryAfterSeconds ? { 'Retry-After': String(decision.retryAfterSeconds) } : {};
        throw new GatewayRefusal(decision.reason === 'quota' ? GATEWAY_PROBLEMS.quota : GATEWAY_PROBLEMS.throttled, retry);
      }
      apiKey = { id: decision.key.id, value: decision.key.value };
    }
    const body = await readBody(req);
    const event = restProxyEvent({ req, url, route, pathParameters: match.pathParameters, body, requestId, stage, claims, apiKey });
    let result: unknown;
    try {
      result = await invoke(route.operationId, route.handler, route.fn, event);
    } catch (error) {
      if (error instanceof InvocationTimeout) throw new GatewayRefusal(GATEWAY_PROBLEMS.integrationTimeout);
      console.error(`[gateway] ${route.operationId} failed:`, error);
      throw new GatewayRefusal(GATEWAY_PROBLEMS.default5xx);
    }
    sendProxyResult(res, result, requestId);
    return res.statusCode;
  }

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    handle(req, res, requestId)
      .catch((error: unknown) => {
        const refusal = error instanceof GatewayRefusal ? error : new GatewayRefusal(GATEWAY_PROBLEMS.default5xx);
        if (!(error instanceof GatewayRefusal)) console.error('[gateway] unexpected error:', error);
        if (!res.headersSent) {
          send(res, refusal.problem.status ?? 500, { 'Content-Type': 'application/problem+json', 'x-amzn-RequestId': requestId, ...refusal.headers }, gatewayProblemBody(refusal.problem, requestId));
        }
        return refusal.problem.status ?? 500;
      })
      .then((status) => options.onRequest?.({ method: req.method ?? '', path: req.url ?? '', status, ms: performance.now() - started }));
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
