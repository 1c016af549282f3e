/** Client confinement: client users see their own client's data and nothing else. */
import { describe, expect, it } from 'vitest';
import { canSeeClientData, confinedClientId, type Principal } from '#domain/principal';

const user = (role?: Principal['role'], clientId?: string): Principal => ({
  kind: 'user',
  subject: 'u',
  tenantId: 't',
  scopes: [],
  ...(role ? { role } : {}),
  ...(clientId ? { clientId } : {}),
});
const machine: Principal = { kind: 'machine', subject: 'm', tenantId: 't', scopes: ['telemetry.write'] };

describe('confinedClientId', () => {
  it('confines a client user to its client', () => {
    expect(confinedClientId(user('client', 'c1'))).toBe('c1');
  });

  it('confines a client user without client id to a client that matches nothing', () => {
    const confined = confinedClientId(user('client'));
    expect(confined).toBeDefined();
    expect(confined).not.toBe('');
  });

  it('does not confine staff, role-less users or machine clients', () => {
    for (const p of [user('admin'), user('manager'), user('technician', 'c1'), user(), machine]) expect(confinedClientId(p)).toBeUndefined();
  });
});

describe('canSeeClientData', () => {
  it('lets unconfined principals see every client and the operator’s own data', () => {
    for (const p of [user('admin'), user('technician'), machine]) {
      expect(canSeeClientData(p, 'c1')).toBe(true);
      expect(canSeeClientData(p, null)).toBe(true);
      expect(canSeeClientData(p, undefined)).toBe(true);
    }
  });

  it("lets a client user see only its own client's data", () => {
    const p = user('client', 'c1');
    expect(canSeeClientData(p, 'c1')).toBe(true);
    expect(canSeeClientData(p, 'c2')).toBe(false);
    expect(canSeeClientData(p, null)).toBe(false);
    expect(canSeeClientData(p, undefined)).toBe(false);
  });

  it('lets a client user without client id see nothing, not even unowned data', () => {
    const p = user('client');
    for (const owner of ['c1', '-none-x', null, undefined, '']) expect(canSeeClientData(p, owner)).toBe(false);
  });
});
