/** The token scopes a route accepts: the CDK stack's authorizer, the local gateway and the platform read this one rule. */
import { describe, expect, it } from 'vitest';
import { acceptedScopes, tokenAccepted } from '#lib/model/scopes';
import type { RouteAuth } from '#lib/model/types';

const usersOnly: RouteAuth = { kind: 'authenticated', roles: ['admin'] };
const scoped: RouteAuth = { kind: 'authenticated', roles: ['admin'], scopes: ['telemetry.write', 'assets.read'] };

describe('acceptedScopes', () => {
  it('is empty for a public route (no authorizer)', () => {
    expect(acceptedScopes({ kind: 'public' })).toEqual([]);
  });

  it("accepts only users' access tokens on a route without scopes", () => {
    expect(acceptedScopes(usersOnly)).toEqual(['aws.cognito.signin.user.admin']);
  });

  it('adds each route scope with the hydrant/ resource-server prefix', () => {
    expect(acceptedScopes(scoped)).toEqual(['aws.cognito.signin.user.admin', 'hydrant/telemetry.write', 'hydrant/assets.read']);
  });
});

describe('tokenAccepted', () => {
  it("lets a user's own token through on every authenticated route", () => {
    expect(tokenAccepted(usersOnly, ['aws.cognito.signin.user.admin'])).toBe(true);
    expect(tokenAccepted(scoped, ['aws.cognito.signin.user.admin'])).toBe(true);
  });

  it("lets a machine's or a partner app's token through only with one of the route's scopes", () => {
    expect(tokenAccepted(scoped, ['openid', 'hydrant/assets.read'])).toBe(true);
    expect(tokenAccepted(scoped, ['openid', 'hydrant/telemetry.read'])).toBe(false);
    expect(tokenAccepted(usersOnly, ['hydrant/telemetry.write'])).toBe(false);
  });

  it('refuses a token without scopes, and needs none on a public route', () => {
    expect(tokenAccepted(usersOnly, [])).toBe(false);
    expect(tokenAccepted({ kind: 'public' }, [])).toBe(true);
  });
});
