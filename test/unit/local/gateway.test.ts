/** The scopes the local gateway's Cognito authorizer accepts per route, as the CDK stack sets them. */
import { describe, expect, it } from 'vitest';
import { acceptedScopes } from '#lib/local/gateway';
import type { RouteAuth, RouteDecl } from '#lib/model/types';

const route = (auth: RouteAuth): RouteDecl => ({
  operationId: 'op',
  method: 'GET',
  path: '/v1/op',
  summary: 'op',
  tag: 'T',
  handler: 'none',
  auth,
  apiKey: false,
  responses: { 200: { description: 'ok' } },
  fn: { access: {} },
});

describe('acceptedScopes', () => {
  it('is empty for a public route (no authorizer)', () => {
    expect(acceptedScopes(route({ kind: 'public' }))).toEqual([]);
  });

  it("accepts only users' access tokens on a route without scopes", () => {
    expect(acceptedScopes(route({ kind: 'authenticated', roles: ['admin'] }))).toEqual(['aws.cognito.signin.user.admin']);
  });

  it('adds each route scope with the hydrant/ resource-server prefix', () => {
    expect(acceptedScopes(route({ kind: 'authenticated', roles: ['admin'], scopes: ['telemetry.write', 'assets.read'] }))).toEqual([
      'aws.cognito.signin.user.admin',
      'hydrant/telemetry.write',
      'hydrant/assets.read',
    ]);
  });
});
