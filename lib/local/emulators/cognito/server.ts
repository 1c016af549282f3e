/**
 * The local Cognito user pools stand-in: an HTTP server that speaks Cognito's JSON
 * protocol to the real `@aws-sdk/client-cognito-identity-provider` (point its `endpoint`
 * here), serves each pool's JWKS and OpenID configuration, and the OAuth 2.0 token
 * endpoint for client credentials.
 *
 * Routes:
 * - `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`
 * - `POST /oauth2/token` (client-credentials and authorization-code grants)
 * - `GET`/`POST /oauth2/authorize` (the hosted login, reduced to a sign-in form)
 * - `GET /{userPoolId}/.well-known/jwks.json` and `/{userPoolId}/.well-known/openid-configuration`
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestMeta, StandInContext } from './context';
import { CognitoError } from './errors';
import { handleTokenRequest } from './oauth2';
import { showAuthorize, submitAuthorize, type HostedResponse } from './hosted-login';
import { invokeOperation } from './operations/operation';
import { operations } from './operations';
import type { PreTokenGenerationV2Hook } from './pre-token-generation';
import { SigningKey } from './signing-key';
import { CognitoStore, type DeliveredMessage } from './store';

export type {
  ClaimsAndScopeOverrideDetails,
  ClaimValue,
  GroupOverrideDetails,
  PreTokenGenerationV2Event,
  PreTokenGenerationV2Hook,
  PreTokenGenerationV2TriggerSource,
  TokenGenerationOverrides,
} from './pre-token-generation';

/** Options of {@link startCognitoStandIn}. */
export interface CognitoStandInOptions {
  /** Port on 127.0.0.1. @default 0 (a free port) */
  port?: number;
  /**
   * The pre token generation trigger (event version V2_0), called as Cognito calls the
   * Lambda function: on sign-in, new-password challenge and refresh. @default none
   */
  preTokenGeneration?: PreTokenGenerationV2Hook;
  /**
   * The trigger's event version: `V3_0` is also called for client-credentials tokens
   * (`TokenGeneration_ClientCredentials`), as Cognito does for Essentials and Plus pools.
   * @default 'V2_0'
   */
  preTokenGenerationVersion?: 'V2_0' | 'V3_0';
  /** Region of pools created by unsigned requests; signed ones use the signing region. @default 'us-east-1' */
  region?: string;
  /** The clock (epoch ms), for tests of lifetimes such as a rotated refresh token's grace period. @default Date.now */
  now?: () => number;
}

/** A running stand-in. */
export interface CognitoStandIn {
  /** `http://127.0.0.1:{port}`: the `endpoint` of the SDK client. */
  endpoint: string;
  port: number;
  /** The `iss` of a pool's tokens, `http://127.0.0.1:{port}/{userPoolId}`. */
  issuer(userPoolId: string): string;
  /** The JWKS URL of a pool, `{issuer}/.well-known/jwks.json`. */
  jwksUrl(userPoolId: string): string;
  /** Whether the session a token belongs to (its `origin_jti`) was revoked or signed out. */
  isRevoked(originJti: string): boolean;
  /**
   * Signs claims as they are with the pools' key. In-process only (never reachable
   * over HTTP): tests use it to make tokens Cognito would have issued, such as an
   * expired one.
   */
  signToken(claims: Record<string, unknown>): Promise<string>;
  /**
   * The messages Cognito would have e-mailed (invitations with their temporary password,
   * password reset codes), oldest first; also served at `GET {endpoint}/_local/mailbox?to=<email>`
   * for tests in other processes.
   */
  mailbox(to?: string): DeliveredMessage[];
  /** Stops the server and drops its connections. */
  stop(): Promise<void>;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const MAX_BODY_BYTES = 1_048_576;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new CognitoError('InvalidParameterException', 'Request body too large.'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** Region and SDK version from the request, as Cognito reads them for pools and triggers. */
function requestMeta(request: IncomingMessage, defaultRegion: string): RequestMeta {
  // SigV4: "Credential=<key id>/<date>/<region>/cognito-idp/aws4_request".
  const region = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(request.headers.authorization ?? '')?.[1];
  const agent = String(request.headers['x-amz-user-agent'] ?? request.headers['user-agent'] ?? '');
  const sdk = /aws-sdk-([a-z]+)\/([\w.-]+)/.exec(agent);
  return { region: region ?? defaultRegion, awsSdkVersion: sdk ? `aws-sdk-${sdk[1]}-${sdk[2]}` : 'aws-sdk-unknown-unknown' };
}

async function serveJsonProtocol(ctx: StandInContext, request: IncomingMessage, response: ServerResponse, target: string): Promise<void> {
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() };
  try {
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const op = Object.hasOwn(operations, name) ? operations[name] : undefined;
    if (!op) {
      throw new CognitoError('UnknownOperationException', `Operation ${name || target} is not supported by the local Cognito stand-in.`);
    }
    const text = await readBody(request);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      throw new CognitoError('SerializationException', 'Request body is not valid JSON.');
    }
    send(response, 200, await invokeOperation(op, ctx, body, requestMeta(request, ctx.defaultRegion)), headers);
  } catch (error) {
    // Unexpected failures become InternalErrorException, without internals, as Cognito's do.
    const failure = error instanceof CognitoError ? error : new CognitoError('InternalErrorException', 'Internal error.');
    if (!(error instanceof CognitoError)) console.error('cognito stand-in: unexpected error', error);
    send(response, failure.statusCode, { __type: failure.code, message: failure.message }, { ...headers, 'x-amzn-errortype': failure.code });
  }
}

async function route(ctx: StandInContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const target = request.headers['x-amz-target'];
  if (request.method === 'POST' && typeof target === 'string') return serveJsonProtocol(ctx, request, response, target);

  if (request.method === 'POST' && path === '/oauth2/token') {
    const { status, body } = await handleTokenRequest(ctx, request.headers['content-type'], request.headers.authorization, await readBody(request));
    return send(response, status, body, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  }

  // Local only, no Cognito API: the messages Cognito would have e-mailed (see CognitoStore.mailbox).
  if (request.method === 'GET' && path === '/_local/mailbox') {
    const to = new URL(request.url ?? '/', 'http://localhost').searchParams.get('to')?.toLowerCase();
    const messages = ctx.store.mailbox.filter((m) => !to || m.to.toLowerCase() === to);
    return send(response, 200, { messages }, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  }

  if (path === '/oauth2/authorize' && (request.method === 'GET' || request.method === 'POST')) {
    const answer: HostedResponse =
      request.method === 'GET'
        ? showAuthorize(ctx, new URL(request.url ?? '/', 'http://localhost').searchParams)
        : await submitAuthorize(ctx, new URLSearchParams(await readBody(request)));
    response.writeHead(answer.status, { 'content-length': Buffer.byteLength(answer.body), ...answer.headers });
    response.end(answer.body);
    return;
  }

  const wellKnown = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(path);
  if (request.method === 'GET' && wellKnown) {
    const [, userPoolId = '', document] = wellKnown;
    if (!ctx.store.pools.has(userPoolId)) return send(response, 404, { message: `User pool ${userPoolId} not found` });
    const json = { 'content-type': 'application/json' };
    if (document === 'jwks.json') return send(response, 200, ctx.key.jwks(), json);
    const issuer = ctx.issuer(userPoolId);
    const origin = issuer.slice(0, issuer.lastIndexOf('/'));
    return send(response, 200, {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      token_endpoint: `${origin}/oauth2/token`,
      authorization_endpoint: `${origin}/oauth2/authorize`,
      grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      subject_types_supported: ['public'],
    }, json);
  }
  send(response, 404, { message: 'Not found' }, { 'content-type': 'application/json' });
}

/**
 * Starts the stand-in on 127.0.0.1 with a fresh signing key and an empty store.
 * Everything lives in memory and ends with {@link CognitoStandIn.stop}.
 */
export async function startCognitoStandIn(opts: CognitoStandInOptions = {}): Promise<CognitoStandIn> {
  const key = await SigningKey.generate();
  const store = new CognitoStore();
  let origin = '';
  const ctx: StandInContext = {
    store,
    key,
    defaultRegion: opts.region ?? 'us-east-1',
    ...(opts.preTokenGeneration ? { preTokenGeneration: opts.preTokenGeneration } : {}),
    preTokenGenerationVersion: opts.preTokenGenerationVersion === 'V3_0' ? '3' : '2',
    issuer: (userPoolId) => `${origin}/${userPoolId}`,
    now: opts.now ?? (() => Date.now()),
  };

  const server = createServer((request, response) => {
    route(ctx, request, response).catch((error: unknown) => {
      console.error('cognito stand-in: request failed', error);
      if (!response.headersSent) send(response, 500, { message: 'Internal error.' });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    endpoint: origin,
    port,
    issuer: ctx.issuer,
    jwksUrl: (userPoolId) => `${ctx.issuer(userPoolId)}/.well-known/jwks.json`,
    isRevoked: (originJti) => store.isRevoked(originJti),
    signToken: (claims) => key.sign(claims),
    mailbox: (to) => store.mailbox.filter((m) => !to || m.to.toLowerCase() === to.toLowerCase()),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
