import { describe, expect, it } from 'vitest';
import { convertedRequest, isConvertible, newServiceRequest, requestClientId, suggestedPriority, workOrderDescriptionOf, canSeeRequest, requestCreatedEvent } from '#domain/service-requests';
import type { Principal } from '#domain/principal';

const manager: Principal = { kind: 'user', subject: 'm', username: 'manager@x', tenantId: 't1', role: 'manager', scopes: [] };
const acme: Principal = { kind: 'user', subject: 'c', tenantId: 't1', role: 'client', clientId: 'ACME', scopes: [] };

describe('service requests', () => {
  it('belong to the client user\'s own client whatever it sends; staff name one or take the place\'s', () => {
    expect(requestClientId(acme, { kind: 'leak', title: 't', clientId: 'BLUE' }, 'BLUE')).toBe('ACME');
    expect(requestClientId(manager, { kind: 'leak', title: 't', clientId: 'BLUE' }, 'ACME')).toBe('BLUE');
    expect(requestClientId(manager, { kind: 'leak', title: 't' }, 'ACME')).toBe('ACME');
    expect(requestClientId(manager, { kind: 'leak', title: 't' }, undefined)).toBeNull();
  });

  it('suggest a priority from the kind', () => {
    expect(suggestedPriority('no-water')).toBe('critical');
    expect(suggestedPriority('leak')).toBe('high');
    expect(suggestedPriority('meter-issue')).toBe('low');
  });

  it('convert once, recording the work order and who converted', () => {
    const r = newServiceRequest('R1', { kind: 'damaged-hydrant', title: 'PI-112 renversé', address: 'Place Bellecour', location: { lat: 45.75, lon: 4.83 } }, 'ACME', acme, 'now');
    expect(r).toMatchObject({ status: 'open', priority: 'high', workOrderId: null, requestedBy: { subject: 'c', username: null } });
    expect(isConvertible(r)).toBe(true);
    const c = convertedRequest(r, 'W1', manager, 'later');
    expect(c).toMatchObject({ status: 'converted', workOrderId: 'W1', convertedBy: { subject: 'm', username: 'manager@x' }, version: 2 });
    expect(isConvertible(c)).toBe(false);
    expect(workOrderDescriptionOf(r)).toContain('Location: Place Bellecour — 45.75, 4.83');
    expect(canSeeRequest(acme, r)).toBe(true);
    expect(canSeeRequest({ ...acme, clientId: 'BLUE' }, r)).toBe(false);
  });
});

describe('request.created', () => {
  it('carries the request as filed, at the time given', () => {
    const r = newServiceRequest('R1', { kind: 'leak', title: 'Fuite' }, 'ACME', acme, '2026-12-01T10:00:00.000Z');
    expect(requestCreatedEvent('E1', 't1', r, r.createdAt)).toEqual({ id: 'E1', type: 'request.created', occurredAt: '2026-12-01T10:00:00.000Z', tenant: 't1', data: r });
  });
});
