import { describe, expect, it } from 'vitest';
import { appClientView, bearerToken, callbackUrlProblem, mfaRequiredFor, newAppClientRecord, otpauthUri, redirectUriProblems, resourceServerScopes } from '#domain/identity';

describe('callback URLs of partner apps', () => {
  it('accepts exact https URLs', () => {
    expect(callbackUrlProblem('https://app.partner.example/oauth/callback', false)).toBeUndefined();
    expect(callbackUrlProblem('https://app.partner.example:8443/cb?tenant=acme', false)).toBeUndefined();
  });

  it('refuses wildcards, fragments, credentials, relative URLs and plain http', () => {
    expect(callbackUrlProblem('https://*.partner.example/cb', false)).toMatch(/wildcard/);
    expect(callbackUrlProblem('https://app.partner.example/cb#x', false)).toMatch(/fragment/);
    expect(callbackUrlProblem('https://user:pw@app.partner.example/cb', false)).toMatch(/credentials/);
    expect(callbackUrlProblem('/oauth/callback', false)).toMatch(/absolute/);
    expect(callbackUrlProblem('http://app.partner.example/cb', false)).toMatch(/https/);
    expect(callbackUrlProblem('javascript:alert(1)', true)).toMatch(/https/);
  });

  it('allows http://localhost on the local stack only', () => {
    expect(callbackUrlProblem('http://localhost:5173/callback', true)).toBeUndefined();
    expect(callbackUrlProblem('http://127.0.0.1:8080/cb', true)).toBeUndefined();
    expect(callbackUrlProblem('http://localhost:5173/callback', false)).toMatch(/local stack only/);
    expect(callbackUrlProblem('http://localhost.evil.example/cb', true)).toMatch(/https/);
  });
});

describe('MFA rules', () => {
  it('requires MFA of a user in any required role', () => {
    expect(mfaRequiredFor({ mfaRequiredRoles: ['admin', 'manager'] }, ['manager'])).toBe(true);
    expect(mfaRequiredFor({ mfaRequiredRoles: ['admin', 'manager'] }, ['technician'])).toBe(false);
    expect(mfaRequiredFor({ mfaRequiredRoles: [] }, ['admin'])).toBe(false);
  });

  it('builds the otpauth URI authenticator apps read', () => {
    expect(otpauthUri('ana@acme.example', 'JBSWY3DPEHPK3PXP')).toBe('otpauth://totp/Hydrant:ana%40acme.example?secret=JBSWY3DPEHPK3PXP&issuer=Hydrant');
  });

  it('reads the bearer token of an Authorization header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('machine clients and partner apps', () => {
  it('prefixes scopes with the resource server', () => {
    expect(resourceServerScopes(['telemetry.write', 'work-orders.read'])).toEqual(['hydrant/telemetry.write', 'hydrant/work-orders.read']);
  });

  it('shows a machine client without partner fields, a partner app with them', () => {
    const base = { id: 'x', version: 1, createdAt: 't', updatedAt: 't', name: 'n', clientId: 'c', scopes: ['telemetry.write'] };
    expect(appClientView({ ...base, kind: 'machine' })).toEqual(base);
    expect(appClientView({ ...base, kind: 'partner', callbackUrls: ['https://a.example/cb'] })).toEqual({ ...base, callbackUrls: ['https://a.example/cb'], logoutUrls: [] });
  });
});

describe('app client records', () => {
  const NOW = '2026-11-21T09:30:00.000Z';

  it('a machine client record holds no redirect URIs', () => {
    const record = newAppClientRecord('01JD5Y7Z8M6Q2V3W4X5Y6Z7M01', { kind: 'machine', name: 'SCADA', clientId: 'c1', scopes: ['telemetry.write'] }, NOW);
    expect(record).toEqual({ id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7M01', kind: 'machine', version: 1, createdAt: NOW, updatedAt: NOW, name: 'SCADA', clientId: 'c1', scopes: ['telemetry.write'] });
  });

  it('a partner app record holds its callback and logout URLs, none when not given', () => {
    const record = newAppClientRecord('01JD5Y7Z8M6Q2V3W4X5Y6Z7P01', { kind: 'partner', name: 'Portal', clientId: 'c2', scopes: ['assets.read'], callbackUrls: ['https://p.example/cb'] }, NOW);
    expect(record).toMatchObject({ kind: 'partner', version: 1, callbackUrls: ['https://p.example/cb'], logoutUrls: [] });
  });

  it('redirect URI problems name each refused URI by its place, callback URLs first', () => {
    expect(redirectUriProblems(['https://ok.example/cb'], ['https://ok.example/out'], false)).toEqual([]);
    expect(redirectUriProblems(['https://ok.example/cb', 'http://p.example/cb'], ['https://*.example/out'], false)).toEqual([
      { path: 'callbackUrls.1', message: 'must use https' },
      { path: 'logoutUrls.0', message: 'must not contain a wildcard' },
    ]);
    expect(redirectUriProblems(['http://localhost:3000/cb'], [], true)).toEqual([]);
    expect(redirectUriProblems(['http://localhost:3000/cb'], [], false)).toEqual([{ path: 'callbackUrls.0', message: 'http://localhost is allowed on the local stack only' }]);
  });
});
