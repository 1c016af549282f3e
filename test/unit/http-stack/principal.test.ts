/** Principals from the Cognito authorizer's string claims, and route authorisation. */
import { describe, expect, it } from 'vitest';
import type { Principal } from '#domain/principal';
import { Forbidden, Unauthorized } from '#platform/errors';
import { authorize, claimList, principalFromClaims } from '#http-stack/principal';
import type { RouteAuth } from '#lib/model/types';

describe('claimList', () => {
  it('reads a JSON array', () => {
    expect(claimList('["admin","manager"]')).toEqual(['admin', 'manager']);
    expect(claimList('[]')).toEqual([]);
  });

  it("reads API Gateway's bracketed rendering", () => {
    expect(claimList('[admin manager]')).toEqual(['admin', 'manager']);
    expect(claimList('[admin, manager]')).toEqual(['admin', 'manager']);
    expect(claimList('[client]')).toEqual(['client']);
  });

  it('reads comma- and space-delimited lists', () => {
    expect(claimList('admin,manager')).toEqual(['admin', 'manager']);
    expect(claimList('hydrant/telemetry.write hydrant/assets.read')).toEqual(['hydrant/telemetry.write', 'hydrant/assets.read']);
  });

  it('reads a single value', () => {
    expect(claimList('technician')).toEqual(['technician']);
    expect(claimList('  technician  ')).toEqual(['technician']);
  });

  it('accepts a real array and stringifies its items', () => {
    expect(claimList(['a', 1])).toEqual(['a', '1']);
  });

  it('is empty for absent, blank or non-string values', () => {
    expect(claimList(undefined)).toEqual([]);
    expect(claimList('')).toEqual([]);
    expect(claimList('   ')).toEqual([]);
    expect(claimList(42)).toEqual([]);
    expect(claimList({ a: 1 })).toEqual([]);
  });
});

/** A user access token as API Gateway hands it on: every claim a string. */
const userClaims = (overrides: Record<string, string> = {}): Record<string, string> => ({
  sub: 'user-sub-1',
  username: 'manager@hydrant.local',
  client_id: 'web-app-client',
  token_use: 'access',
  scope: 'aws.cognito.signin.user.admin',
  'cognito:groups': 'manager',
  'custom:tenantId': 'tenant-1',
  ...overrides,
});

/** A client-credentials (machine) access token: no username, no groups. */
const machineClaims = (overrides: Record<string, string> = {}): Record<string, string> => ({
  sub: 'machine-app-client',
  client_id: 'machine-app-client',
  token_use: 'access',
  scope: 'hydrant/telemetry.write hydrant/assets.read other/thing',
  'custom:tenantId': 'tenant-1',
  ...overrides,
});

describe('principalFromClaims', () => {
  it('is undefined without claims or without a subject', () => {
    expect(principalFromClaims(undefined)).toBeUndefined();
    expect(principalFromClaims({})).toBeUndefined();
    expect(principalFromClaims({ ...userClaims(), sub: 42 })).toBeUndefined();
  });

  it('builds a user from an access token with groups and tenant', () => {
    expect(principalFromClaims(userClaims())).toEqual({
      kind: 'user',
      subject: 'user-sub-1',
      username: 'manager@hydrant.local',
      tenantId: 'tenant-1',
      role: 'manager',
      scopes: [],
    });
  });

  it('recognises a user by cognito:username (ID-token style) too', () => {
    const { username: _u, ...claims } = userClaims({ 'cognito:username': 'tech@hydrant.local', 'cognito:groups': '' });
    const principal = principalFromClaims(claims);
    expect(principal?.kind).toBe('user');
    expect(principal?.username).toBe('tech@hydrant.local');
    expect(principal?.role).toBeUndefined();
  });

  it.each([
    ['[technician admin]', 'admin'],
    ['client,manager', 'manager'],
    ['["client","technician"]', 'technician'],
    ['client', 'client'],
    ['auditors,manager,admin', 'admin'],
  ])('gives the highest role of the groups %s', (groups, role) => {
    expect(principalFromClaims(userClaims({ 'cognito:groups': groups }))?.role).toBe(role);
  });

  it('gives no role when no group is a known role', () => {
    const principal = principalFromClaims(userClaims({ 'cognito:groups': 'auditors' }));
    expect(principal?.kind).toBe('user');
    expect(principal).not.toHaveProperty('role');
  });

  it('confines a client user to custom:clientId', () => {
    const principal = principalFromClaims(userClaims({ 'cognito:groups': 'client', 'custom:clientId': 'client-9' }));
    expect(principal).toMatchObject({ kind: 'user', role: 'client', clientId: 'client-9' });
  });

  it('ignores custom:clientId for staff, whose role sees every client', () => {
    const principal = principalFromClaims(userClaims({ 'cognito:groups': 'technician', 'custom:clientId': 'client-9' }));
    expect(principal).not.toHaveProperty('clientId');
  });

  it('builds a machine principal from a client-credentials token, keeping only hydrant/ scopes without the prefix', () => {
    expect(principalFromClaims(machineClaims())).toEqual({
      kind: 'machine',
      subject: 'machine-app-client',
      tenantId: 'tenant-1',
      scopes: ['telemetry.write', 'assets.read'],
    });
  });

  it('uses client_id as the machine subject, falling back to sub', () => {
    expect(principalFromClaims(machineClaims({ client_id: 'other-client' }))?.subject).toBe('other-client');
    const { client_id: _c, ...noClientId } = machineClaims({ sub: 'sub-only' });
    expect(principalFromClaims(noClientId)?.subject).toBe('sub-only');
  });

  it('refuses a token without tenant with 403', () => {
    const { 'custom:tenantId': _t, ...claims } = userClaims();
    expect(() => principalFromClaims(claims)).toThrow(Forbidden);
    expect(() => principalFromClaims({ ...machineClaims(), 'custom:tenantId': '' })).toThrow(Forbidden);
  });

  it('uses the default tenant for a user token that carries none, and the token tenant otherwise', () => {
    const { 'custom:tenantId': _t, ...claims } = userClaims();
    expect(principalFromClaims(claims, 'default-tenant')?.tenantId).toBe('default-tenant');
    expect(principalFromClaims(machineClaims(), 'default-tenant')?.tenantId).toBe('tenant-1');
  });

  it('never gives a machine token the default tenant: its tenant is the one of its record', () => {
    const { 'custom:tenantId': _t, ...claims } = machineClaims();
    expect(() => principalFromClaims(claims, 'default-tenant')).toThrow(Forbidden);
  });

  it('marks a user whose tokens say MFA setup is required', () => {
    expect(principalFromClaims({ ...userClaims(), mfa_setup_required: 'true' })?.mfaSetupRequired).toBe(true);
    expect(principalFromClaims(userClaims())?.mfaSetupRequired).toBeUndefined();
  });
});

describe('authorize', () => {
  const staffOnly: RouteAuth = { kind: 'authenticated', roles: ['admin', 'manager'] };
  const withScopes: RouteAuth = { kind: 'authenticated', roles: ['admin'], scopes: ['telemetry.write', 'telemetry.admin'] };
  const user = (role?: Principal['role']): Principal => ({ kind: 'user', subject: 'u', tenantId: 't', scopes: [], ...(role ? { role } : {}) });
  const machine = (...scopes: string[]): Principal => ({ kind: 'machine', subject: 'm', tenantId: 't', scopes });
  /** The scopes of the token such a principal comes from: a user's own sign-in, or the machine's grants. */
  const tokenOf = (p: Principal | undefined) => (p?.kind === 'machine' ? p.scopes.map((s) => `hydrant/${s}`) : ['aws.cognito.signin.user.admin']);

  it('lets anyone call a public route, even without a principal', () => {
    expect(() => authorize({ kind: 'public' }, undefined, tokenOf(undefined))).not.toThrow();
    expect(() => authorize({ kind: 'public' }, machine(), tokenOf(machine()))).not.toThrow();
  });

  it('refuses an authenticated route without a principal with 401', () => {
    expect(() => authorize(staffOnly, undefined, tokenOf(undefined))).toThrow(Unauthorized);
  });

  it('lets users whose role is listed through and refuses the others with 403', () => {
    expect(() => authorize(staffOnly, user('admin'), tokenOf(user('admin')))).not.toThrow();
    expect(() => authorize(staffOnly, user('manager'), tokenOf(user('manager')))).not.toThrow();
    expect(() => authorize(staffOnly, user('technician'), tokenOf(user('technician')))).toThrow(Forbidden);
    expect(() => authorize(staffOnly, user('client'), tokenOf(user('client')))).toThrow(/client may not call/);
    expect(() => authorize(staffOnly, user(), tokenOf(user()))).toThrow(/\(none\) may not call/);
  });

  it('lets a machine client through with any one of the route scopes', () => {
    expect(() => authorize(withScopes, machine('telemetry.admin'), tokenOf(machine('telemetry.admin')))).not.toThrow();
    expect(() => authorize(withScopes, machine('assets.read', 'telemetry.write'), tokenOf(machine('assets.read', 'telemetry.write')))).not.toThrow();
  });

  it('refuses a user who must enrol MFA everywhere but the enrolment routes, with 403 MFA_REQUIRED', () => {
    const enrolling: Principal = { ...user('manager'), mfaSetupRequired: true };
    expect(() => authorize(staffOnly, enrolling, tokenOf(enrolling))).toThrow(expect.objectContaining({ code: 'MFA_REQUIRED' }));
    expect(() => authorize({ ...staffOnly, duringMfaSetup: true }, enrolling, tokenOf(enrolling))).not.toThrow();
    expect(() => authorize(staffOnly, user('manager'), tokenOf(user('manager')))).not.toThrow();
  });

  it('refuses a machine client without a route scope, and on user-only routes', () => {
    expect(() => authorize(withScopes, machine('assets.read'), tokenOf(machine('assets.read')))).toThrow(Forbidden);
    expect(() => authorize(staffOnly, machine('telemetry.write'), tokenOf(machine('telemetry.write')))).toThrow(/users only/);
  });

  it('does not let a user in on the strength of scopes alone', () => {
    expect(() => authorize(withScopes, { ...user('technician'), scopes: ['telemetry.write'] }, tokenOf({ ...user('technician'), scopes: ['telemetry.write'] }))).toThrow(Forbidden);
  });

  it("refuses a partner app's user token on a route outside the app's scopes, whatever the user's role", () => {
    const partnerToken = ['openid', 'hydrant/telemetry.read'];
    expect(() => authorize(staffOnly, user('admin'), partnerToken)).toThrow(Forbidden);
    expect(() => authorize({ ...staffOnly, scopes: ['work-orders.read'] }, user('manager'), partnerToken)).toThrow(Forbidden);
    expect(() => authorize({ ...staffOnly, scopes: ['telemetry.read'] }, user('manager'), partnerToken)).not.toThrow();
    // Within the app's scopes, the user's role still decides.
    expect(() => authorize({ ...staffOnly, scopes: ['telemetry.read'] }, user('technician'), partnerToken)).toThrow(/technician may not call/);
  });

  it('refuses a token without scopes (an ID token) on every authenticated route', () => {
    expect(() => authorize(staffOnly, user('admin'), [])).toThrow(Forbidden);
  });
});
