import { describe, expect, it } from 'vitest';
import {
  alertChangeMessage,
  answerToClientMessage,
  authorizerContextOf,
  connectionMaySee,
  isLive,
  liveConnection,
  liveRefusalOf,
  notificationMessage,
  principalOfAuthorizerContext,
} from '#domain/live';
import type { Notification } from '#domain/notifications';
import type { Principal } from '#domain/principal';

const ACME = 'client-acme';
const BLUE = 'client-blue';
const user = (over: Partial<Principal> = {}): Principal => ({ kind: 'user', subject: 'u-1', username: 'u1', tenantId: 'demo', role: 'manager', scopes: [], ...over });
const now = new Date('2026-11-21T10:00:00.000Z');
const nowSeconds = now.getTime() / 1000;

describe('who may subscribe', () => {
  it('only a user with a role, with their own token, enrolled in MFA when they must be', () => {
    expect(liveRefusalOf(user())).toBeUndefined();
    expect(liveRefusalOf({ kind: 'machine', subject: 'app', tenantId: 'demo', scopes: ['alerts.read'] })).toBe('not_a_user');
    expect(liveRefusalOf(user({ delegated: true }))).toBe('delegated');
    expect(liveRefusalOf(user({ mfaSetupRequired: true }))).toBe('mfa_setup_required');
    const { role: _role, ...noRole } = user();
    expect(liveRefusalOf(noRole)).toBe('no_role');
  });

  it('keeps a connection until the token expires, at most the connection limit', () => {
    expect(liveConnection(user(), 'c1', now, nowSeconds + 600, 7200).expiresAt).toBe(nowSeconds + 600);
    expect(liveConnection(user(), 'c1', now, nowSeconds + 86_400, 7200).expiresAt).toBe(nowSeconds + 7200);
    const c = liveConnection(user(), 'c1', now, nowSeconds + 600, 7200);
    expect(isLive(c, new Date(now.getTime() + 599_000))).toBe(true);
    expect(isLive(c, new Date(now.getTime() + 600_000))).toBe(false);
  });

  it("hands the principal to the connection's routes through the authorizer context, client claim included", () => {
    const client = user({ role: 'client', clientId: ACME });
    const context = authorizerContextOf(client, nowSeconds + 600);
    expect(Object.values(context).every((v) => typeof v === 'string' || typeof v === 'number')).toBe(true);
    expect(principalOfAuthorizerContext({ ...context, principalId: 'u-1' })).toEqual({
      principal: { kind: 'user', subject: 'u-1', username: 'u1', tenantId: 'demo', role: 'client', clientId: ACME, scopes: [] },
      exp: nowSeconds + 600,
    });
    expect(principalOfAuthorizerContext(undefined)).toBeUndefined();
    expect(principalOfAuthorizerContext({ ...context, role: 'superuser' })).toBeUndefined();
    expect(principalOfAuthorizerContext({ ...context, tenantId: '' })).toBeUndefined();
  });
});

describe('who receives what', () => {
  const connectionOf = (p: Principal) => liveConnection(p, 'c', now, nowSeconds + 600, 7200);

  it("a client user sees only their client's alerts; staff see every client's and the operator's own", () => {
    const acmeUser = connectionOf(user({ role: 'client', clientId: ACME }));
    const manager = connectionOf(user());
    const technician = connectionOf(user({ role: 'technician' }));
    expect(connectionMaySee(acmeUser, 'demo', ACME)).toBe(true);
    expect(connectionMaySee(acmeUser, 'demo', BLUE)).toBe(false);
    expect(connectionMaySee(acmeUser, 'demo', null)).toBe(false);
    for (const staff of [manager, technician]) for (const owner of [ACME, BLUE, null]) expect(connectionMaySee(staff, 'demo', owner)).toBe(true);
    // A client user whose token carries no client sees no client's data.
    expect(connectionMaySee(connectionOf(user({ role: 'client' })), 'demo', ACME)).toBe(false);
  });

  it('pushes alert raises and clears with the owning client; other events push nothing', () => {
    const alert = { id: 'a1', clientId: BLUE, sensorId: 'PH_1', status: 'active' };
    expect(alertChangeMessage('alert.raised', alert)).toEqual({ message: { type: 'alert.raised', data: alert }, clientId: BLUE });
    expect(alertChangeMessage('alert.cleared', { ...alert, clientId: null })?.clientId).toBeNull();
    expect(alertChangeMessage('work_order.created', alert)).toBeUndefined();
    expect(alertChangeMessage('alert.raised', { nope: true })).toBeUndefined();
  });

  it('pushes a notification as the REST API shows it (no user id, no version)', () => {
    const n: Notification = {
      id: 'n1', userId: 'u-1', type: 'alert.raised', groupKey: 'g', title: 't', body: 'b', resource: { type: 'alert', id: 'a1' },
      count: 2, firstAt: '2026-11-21T09:00:00.000Z', lastAt: '2026-11-21T10:00:00.000Z', lastEventId: 'e', readAt: null, version: 3,
    };
    const message = notificationMessage(n);
    expect(message.type).toBe('notification');
    expect(Object.keys(message.data).sort()).toEqual(['body', 'count', 'firstAt', 'groupKey', 'id', 'lastAt', 'readAt', 'resource', 'title', 'type']);
  });

  it('answers a ping with a pong and anything else with an error message', () => {
    expect(answerToClientMessage('{"action":"ping"}', now)).toEqual({ type: 'pong', data: { at: now.toISOString() } });
    for (const body of ['{"action":"subscribe"}', 'not json', '', null]) expect(answerToClientMessage(body, now).type).toBe('error');
  });
});
