import { describe, expect, it } from 'vitest';
import type { Principal } from '#domain/principal';
import {
  applyUserPatch,
  auditViewOf,
  canSeeUser,
  clientIdProblem,
  consentRequired,
  CURRENT_PRIVACY_POLICY_VERSION,
  mayManageRole,
  erasureRefusal,
  newUser,
  ownAccessRefusal,
  pseudonymOf,
  recordConsent,
} from '#domain/users';

const user = (role: Principal['role'], subject = `sub-${role}`): Principal => ({ kind: 'user', subject, tenantId: 't1', role, scopes: [] });
const machine: Principal = { kind: 'machine', subject: 'app', tenantId: 't1', scopes: ['work-orders.write'] };
const NOW = '2026-11-21T09:30:00.000Z';
const base = newUser('u1', { email: ' Camille.Martin@Example.COM ', givenName: 'Camille', familyName: 'Martin', role: 'technician' }, 'T1', NOW);

describe('who may create and see which users', () => {
  it('an admin gives any role, a manager technicians and client users only, others none', () => {
    expect(['admin', 'manager', 'technician', 'client'].map((r) => mayManageRole(user('admin'), r as never))).toEqual([true, true, true, true]);
    expect(['admin', 'manager', 'technician', 'client'].map((r) => mayManageRole(user('manager'), r as never))).toEqual([false, false, true, true]);
    expect(mayManageRole(user('technician'), 'client')).toBe(false);
    expect(mayManageRole(user('client'), 'client')).toBe(false);
    expect(mayManageRole(machine, 'technician')).toBe(false);
  });

  it('a manager sees technicians and client users, not admins or managers; everyone sees themself', () => {
    expect(canSeeUser(user('manager'), { id: 'x', role: 'technician' })).toBe(true);
    expect(canSeeUser(user('manager'), { id: 'x', role: 'admin' })).toBe(false);
    expect(canSeeUser(user('manager', 'me'), { id: 'me', role: 'manager' })).toBe(true);
    expect(canSeeUser(user('technician'), { id: 'x', role: 'technician' })).toBe(false);
  });

  it('a client user needs a client id, nobody else may have one', () => {
    expect(clientIdProblem('client', undefined)).toMatch(/required/);
    expect(clientIdProblem('client', 'C1')).toBeUndefined();
    expect(clientIdProblem('technician', 'C1')).toMatch(/only for client users/);
    expect(clientIdProblem('manager', null)).toBeUndefined();
  });
});

describe('user records', () => {
  it('normalises the e-mail, starts active without consent, and drops the client id when the role stops being client', () => {
    expect(base).toMatchObject({ email: 'camille.martin@example.com', active: true, consent: null, clientId: null, technicianId: 'T1', version: 1 });
    const client = applyUserPatch(base, { role: 'client', clientId: 'C1' }, NOW);
    expect([client.role, client.clientId, client.version]).toEqual(['client', 'C1', 2]);
    expect(applyUserPatch(client, { role: 'manager' }, NOW).clientId).toBeNull();
  });

  it('asks for consent until the current policy version is accepted', () => {
    expect(consentRequired(base)).toBe(true);
    const consented = recordConsent(base, CURRENT_PRIVACY_POLICY_VERSION, NOW);
    expect(consented.consent).toEqual({ policyVersion: CURRENT_PRIVACY_POLICY_VERSION, acceptedAt: NOW });
    expect(consentRequired(consented)).toBe(false);
    expect(consentRequired(consented, '2099-01')).toBe(true);
  });
});

describe('pseudonyms', () => {
  it('are stable per tenant and user, short, and reveal neither', () => {
    const p = pseudonymOf('t1', 'u1');
    expect(p).toMatch(/^user-[0-9a-f]{8}$/);
    expect(pseudonymOf('t1', 'u1')).toBe(p);
    expect(pseudonymOf('t2', 'u1')).not.toBe(p);
    expect(pseudonymOf('t1', 'u2')).not.toBe(p);
  });

  it('replace the name and e-mail in what the audit trail records of a user', () => {
    const view = auditViewOf('t1', base);
    expect(JSON.stringify(view)).not.toMatch(/camille|martin/i);
    expect(view).toMatchObject({ id: 'u1', role: 'technician', pseudonym: pseudonymOf('t1', 'u1') });
  });
});

describe('an admin and their own user', () => {
  const admin = newUser('admin-1', { email: 'a@example.com', givenName: 'Ada', familyName: 'Admin', role: 'admin' }, null, NOW);

  it('cannot deactivate themself or change their own role', () => {
    expect(ownAccessRefusal('admin-1', admin, { active: false })).toBe('CANNOT_CHANGE_OWN_ACCESS');
    expect(ownAccessRefusal('admin-1', admin, { role: 'manager' })).toBe('CANNOT_CHANGE_OWN_ACCESS');
  });

  it('may rename themself, restate their own role or stay active', () => {
    expect(ownAccessRefusal('admin-1', admin, {})).toBeUndefined();
    expect(ownAccessRefusal('admin-1', admin, { role: 'admin', active: true })).toBeUndefined();
  });

  it('may deactivate another user or change their role', () => {
    expect(ownAccessRefusal('admin-2', admin, { active: false, role: 'manager' })).toBeUndefined();
  });

  it('cannot erase themself, only others', () => {
    expect(erasureRefusal('admin-1', 'admin-1')).toBe('CANNOT_ERASE_SELF');
    expect(erasureRefusal('admin-1', 'admin-2')).toBeUndefined();
  });
});
