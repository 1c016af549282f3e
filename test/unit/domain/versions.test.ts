import { describe, expect, it } from 'vitest';
import { newClient } from '#domain/clients';
import { newTechnician } from '#domain/technicians';
import { firstVersion } from '#domain/versions';

describe('firstVersion', () => {
  it('stamps a new aggregate at version 1, created and last changed at the same instant', () => {
    expect(firstVersion('01J0000000000000000000000A', '2026-01-02T03:04:05.000Z')).toEqual({
      id: '01J0000000000000000000000A',
      version: 1,
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('is the stamp the builders of new aggregates start from', () => {
    const now = '2026-01-02T03:04:05.000Z';
    expect(newClient('c1', { name: 'Acme' }, now)).toMatchObject(firstVersion('c1', now));
    expect(newTechnician('t1', { name: 'Ana', skills: ['hydraulics'] }, now)).toMatchObject(firstVersion('t1', now));
  });
});
