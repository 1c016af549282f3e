import { describe, expect, it } from 'vitest';
import { changedFields, PERSONAL_DATA, REDACTED, resourceTypeOf, truncateAddress } from '#domain/audit';

describe('audit rules', () => {
  it('keeps only the fields that changed, without version bookkeeping', () => {
    expect(changedFields({ name: 'a', status: 'x', version: 1 }, { name: 'b', status: 'x', version: 2 })).toEqual({ name: { before: 'a', after: 'b' } });
    expect(changedFields({ a: 1 }, { a: 1 })).toBeNull();
    expect(changedFields(undefined, undefined)).toBeNull();
  });

  it('records a deletion as every field going to null', () => {
    expect(changedFields({ name: 'a' }, undefined)).toEqual({ name: { before: 'a', after: null } });
  });

  it('redacts secrets and tokens, nested too', () => {
    const changes = changedFields({ secret: 'old', nested: { refresh_token: 't1', x: 1 } }, { secret: 'new', nested: { refresh_token: 't2', x: 2 } });
    expect(changes).toEqual({
      secret: { before: REDACTED, after: REDACTED },
      nested: { before: { refresh_token: REDACTED, x: 1 }, after: { refresh_token: REDACTED, x: 2 } },
    });
  });

  it('records that personal data changed, never its values: usual names anywhere, and the route\'s own fields', () => {
    const before = { name: 'Théo Technicien', email: 'theo@example.com', phone: null, skills: ['hydraulics'], signature: { signedBy: 'M. Dupont', at: 't1' } };
    const after = { name: 'Théo T.', email: 'theo.t@example.com', phone: '+33 6 12 34 56 78', skills: ['hydraulics', 'electrical'], signature: { signedBy: 'Mme Durand', at: 't2' } };
    expect(changedFields(before, after, ['name'])).toEqual({
      name: { before: PERSONAL_DATA, after: PERSONAL_DATA },
      email: { before: PERSONAL_DATA, after: PERSONAL_DATA },
      phone: { before: null, after: PERSONAL_DATA },
      skills: { before: ['hydraulics'], after: ['hydraulics', 'electrical'] },
      signature: { before: { signedBy: PERSONAL_DATA, at: 't1' }, after: { signedBy: PERSONAL_DATA, at: 't2' } },
    });
    // Without the route's declaration, a name is a name (a site's, an asset's).
    expect(changedFields({ name: 'Usine' }, { name: 'Usine Nord' })).toEqual({ name: { before: 'Usine', after: 'Usine Nord' } });
  });

  it('truncates IPv4 to /24 and IPv6 to /48', () => {
    expect(truncateAddress('203.0.113.77')).toBe('203.0.113.0');
    expect(truncateAddress('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3::');
    expect(truncateAddress('2001:db8::1')).toBe('2001:db8::');
  });

  it('names the resource type from the path', () => {
    expect(resourceTypeOf('/v1/sites/{id}')).toBe('site');
    expect(resourceTypeOf('/v1/work-orders/{id}/history')).toBe('work-order');
    expect(resourceTypeOf('/v1/audit-logs')).toBe('audit-log');
    expect(resourceTypeOf('/v1/batteries')).toBe('battery');
  });
});
