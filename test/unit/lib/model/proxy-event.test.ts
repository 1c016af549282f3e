/** The one proxy-event builder: a batch operation's event carries its batch's caller whole. */
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { RouteDecl } from '#lib/model/types';
import { callerOf, proxyEvent } from '#lib/model/proxy-event';

const batch = JSON.parse(readFileSync(new URL('../../../fixtures/handlers/rest-proxy-event.json', import.meta.url), 'utf8')) as APIGatewayProxyEvent;
const route = { operationId: 'getSite', method: 'GET', path: '/v1/sites/{id}' } as RouteDecl;

describe('proxyEvent for the caller of another event', () => {
  const event = proxyEvent(
    { route, url: new URL('http://batch/v1/sites/s1?fields=name'), pathParameters: { id: 's1' }, headers: [['content-type', 'application/json']], body: null, isBase64Encoded: false },
    callerOf(batch, 'req-7'),
  );

  it("carries the caller's authorizer context (every claim, scope included) and API key identity unchanged", () => {
    expect(event.requestContext.authorizer).toEqual(batch.requestContext.authorizer);
    expect(event.requestContext.authorizer?.claims).toMatchObject({ scope: 'aws.cognito.signin.user.admin', client_id: 'web-app-client', token_use: 'access' });
    expect(event.requestContext.identity).toEqual(batch.requestContext.identity);
  });

  it("describes the operation's own request, with its own request id", () => {
    expect(event).toMatchObject({ resource: '/v1/sites/{id}', path: '/v1/sites/s1', httpMethod: 'GET', pathParameters: { id: 's1' }, queryStringParameters: { fields: 'name' } });
    expect(event.requestContext).toMatchObject({ requestId: 'req-7', resourcePath: '/v1/sites/{id}', path: `/${batch.requestContext.stage}/v1/sites/s1` });
  });
});
