/**
 * The REST proxy event of a request to the local gateway: the request as Node received
 * it and the caller as the gateway's authorizer found it, made into the event a Lambda
 * proxy integration receives by the model's one event builder (`lib/model/proxy-event.ts`).
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { IncomingMessage } from 'node:http';
import type { RouteDecl } from '#lib/model/types';
import { proxyEvent } from '#lib/model/proxy-event';

export interface RestEventInput {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly route: RouteDecl;
  readonly pathParameters: Record<string, string>;
  readonly body: Buffer;
  readonly requestId: string;
  readonly stage: string;
  readonly claims?: Record<string, string>;
  readonly apiKey?: { id: string; value: string };
}

/** API Gateway hands claims to the integration as strings; arrays become comma-joined. */
export function claimsAsStrings(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    out[name] = Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

const isText = (contentType: string | undefined) =>
  !contentType || /^(text\/|application\/([\w.+-]*\+)?(json|xml)|application\/x-www-form-urlencoded)/i.test(contentType);

export function restProxyEvent(input: RestEventInput): APIGatewayProxyEvent {
  const { req } = input;
  const headers: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string]);
  const text = isText(req.headers['content-type']);
  const empty = input.body.length === 0;
  return proxyEvent(
    { route: input.route, url: input.url, pathParameters: input.pathParameters, headers, body: empty ? null : input.body.toString(text ? 'utf8' : 'base64'), isBase64Encoded: !empty && !text },
    {
      authorizer: input.claims ? { claims: input.claims } : null,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: input.apiKey?.value ?? null,
        apiKeyId: input.apiKey?.id ?? null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        user: null,
        userAgent: req.headers['user-agent'] ?? null,
        userArn: null,
      },
      requestId: input.requestId,
      stage: input.stage,
      protocol: `HTTP/${req.httpVersion}`,
      requestTimeEpoch: Date.now(),
      accountId: '000000000000',
      apiId: 'local',
    },
  );
}
