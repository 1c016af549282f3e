/** Assets: when maintenance is next due, and how creation and patches keep versions and the schedule. */
import { describe, expect, it } from 'vitest';
import {
  applyAssetPatch,
  assetV2,
  canSeeAsset,
  isMaintenanceWork,
  maintainedAsset,
  newAsset,
  nextMaintenanceAt,
  rescheduledAsset,
  type Asset,
  type NewAsset,
} from '#domain/assets';
import { WORK_ORDER_TYPES } from '#domain/work-orders';
import type { Principal } from '#domain/principal';

const NOW = '2026-11-21T09:30:00.000Z';
const LATER = '2026-11-22T10:00:00.000Z';

const input: NewAsset = {
  name: 'Pompe P-101',
  type: 'pump',
  siteId: 'site-1',
  serialNumber: 'SN-1',
  model: 'Grundfos CR 32',
  installedAt: '2026-01-10T00:00:00+01:00',
  maintenanceIntervalDays: 90,
  status: 'operational',
};

describe('nextMaintenanceAt', () => {
  const base = { status: 'operational', maintenanceIntervalDays: 30, lastMaintenanceAt: null, installedAt: '2026-01-01T00:00:00.000Z' } as const;

  it('counts the interval from installation when there was no maintenance', () => {
    expect(nextMaintenanceAt(base)).toBe('2026-01-31T00:00:00.000Z');
  });

  it('counts the interval from the last maintenance when there was one', () => {
    expect(nextMaintenanceAt({ ...base, lastMaintenanceAt: '2026-03-15T08:00:00.000Z' })).toBe('2026-04-14T08:00:00.000Z');
  });

  it('is exact in UTC across a daylight-saving change', () => {
    expect(nextMaintenanceAt({ ...base, installedAt: '2026-03-20T12:00:00.000Z', maintenanceIntervalDays: 14 })).toBe('2026-04-03T12:00:00.000Z');
  });

  it('is none without an interval (absent or zero)', () => {
    expect(nextMaintenanceAt({ ...base, maintenanceIntervalDays: null })).toBeNull();
    expect(nextMaintenanceAt({ ...base, maintenanceIntervalDays: 0 })).toBeNull();
  });

  it('is none without a starting date', () => {
    expect(nextMaintenanceAt({ ...base, installedAt: null })).toBeNull();
  });

  it('is none for a retired asset, even with an interval and dates', () => {
    expect(nextMaintenanceAt({ ...base, status: 'retired', lastMaintenanceAt: '2026-03-15T08:00:00.000Z' })).toBeNull();
  });

  it('still schedules degraded and down assets', () => {
    expect(nextMaintenanceAt({ ...base, status: 'down' })).toBe('2026-01-31T00:00:00.000Z');
    expect(nextMaintenanceAt({ ...base, status: 'degraded' })).toBe('2026-01-31T00:00:00.000Z');
  });
});

describe('nextMaintenanceAt with maintenance plans: the earliest of the interval and the plans', () => {
  const base = { status: 'operational', maintenanceIntervalDays: 30, lastMaintenanceAt: '2026-03-01T00:00:00.000Z', installedAt: '2026-01-01T00:00:00.000Z' } as const;
  const plan = (nextDueAt: string | null, enabled = true) => ({ enabled, nextDueAt });

  it('is a plan\'s due date when it comes before the interval', () => {
    expect(nextMaintenanceAt(base, [plan('2026-03-20T06:00:00.000Z')])).toBe('2026-03-20T06:00:00.000Z');
  });

  it('is the interval\'s date when it comes before every plan (a plan never hides it)', () => {
    expect(nextMaintenanceAt(base, [plan('2026-05-01T00:00:00.000Z'), plan('2026-04-15T00:00:00.000Z')])).toBe('2026-03-31T00:00:00.000Z');
  });

  it('is the earliest plan among several, ignoring disabled and undated plans', () => {
    const plans = [plan('2026-03-25T00:00:00.000Z'), plan('2026-03-10T00:00:00.000Z', false), plan(null), plan('2026-03-28T00:00:00.000Z')];
    expect(nextMaintenanceAt(base, plans)).toBe('2026-03-25T00:00:00.000Z');
  });

  it('is the plans\' date for an asset without an interval or a starting date', () => {
    expect(nextMaintenanceAt({ ...base, maintenanceIntervalDays: null }, [plan('2026-07-01T00:00:00.000Z')])).toBe('2026-07-01T00:00:00.000Z');
    expect(nextMaintenanceAt({ ...base, installedAt: null, lastMaintenanceAt: null }, [plan('2026-07-01T00:00:00.000Z')])).toBe('2026-07-01T00:00:00.000Z');
  });

  it('is none for a retired asset, whatever its plans', () => {
    expect(nextMaintenanceAt({ ...base, status: 'retired' }, [plan('2026-03-20T00:00:00.000Z')])).toBeNull();
  });

  it('compares instants, not strings in other offsets', () => {
    expect(nextMaintenanceAt(base, [plan('2026-03-31T01:30:00+02:00')])).toBe('2026-03-30T23:30:00.000Z');
  });
});

describe('completed maintenance work', () => {
  const asset = newAsset('a1', input, 'client-1', NOW); // 90 days, installed 2026-01-09T23:00Z

  it('counts preventive and corrective work, not inspections nor predictive work', () => {
    expect(WORK_ORDER_TYPES.filter(isMaintenanceWork)).toEqual(['corrective', 'preventive']);
  });

  it('sets lastMaintenanceAt to the completion and counts the interval from it, bumping the version', () => {
    const done = maintainedAsset(asset, '2026-02-01T10:00:00.000Z', [], LATER);
    expect(done).toMatchObject({ lastMaintenanceAt: '2026-02-01T10:00:00.000Z', nextMaintenanceAt: '2026-05-02T10:00:00.000Z', version: 2, updatedAt: LATER });
  });

  it('keeps an earlier plan due date as the next one', () => {
    const done = maintainedAsset(asset, '2026-02-01T10:00:00.000Z', [{ enabled: true, nextDueAt: '2026-03-01T00:00:00.000Z' }], LATER);
    expect(done.nextMaintenanceAt).toBe('2026-03-01T00:00:00.000Z');
  });

  it('never moves lastMaintenanceAt backwards', () => {
    const recent = { ...asset, lastMaintenanceAt: '2026-06-01T00:00:00.000Z' };
    expect(maintainedAsset(recent, '2026-05-01T00:00:00.000Z', [], LATER).lastMaintenanceAt).toBe('2026-06-01T00:00:00.000Z');
  });
});

describe('rescheduledAsset (after the plans changed)', () => {
  const asset = newAsset('a1', input, 'client-1', NOW);

  it('is the asset with the new date and a new version when the date changes', () => {
    expect(rescheduledAsset(asset, [{ enabled: true, nextDueAt: '2026-02-01T00:00:00.000Z' }], LATER)).toMatchObject({
      nextMaintenanceAt: '2026-02-01T00:00:00.000Z',
      version: 2,
      updatedAt: LATER,
    });
  });

  it('is undefined when the date stays the same (a later plan, or no plan)', () => {
    expect(rescheduledAsset(asset, [{ enabled: true, nextDueAt: '2027-01-01T00:00:00.000Z' }], LATER)).toBeUndefined();
    expect(rescheduledAsset(asset, [], LATER)).toBeUndefined();
  });

  it('falls back to the interval when the plan that set the date is gone or disabled', () => {
    const planned = { ...asset, nextMaintenanceAt: '2026-02-01T00:00:00.000Z' };
    expect(rescheduledAsset(planned, [{ enabled: false, nextDueAt: '2026-02-01T00:00:00.000Z' }], LATER)?.nextMaintenanceAt).toBe('2026-04-09T23:00:00.000Z');
  });
});

describe('newAsset', () => {
  it('starts at version 1, normalises installedAt to UTC and computes the schedule', () => {
    expect(newAsset('a1', input, 'client-1', NOW)).toEqual<Asset>({
      id: 'a1',
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
      name: 'Pompe P-101',
      type: 'pump',
      siteId: 'site-1',
      clientId: 'client-1',
      serialNumber: 'SN-1',
      model: 'Grundfos CR 32',
      installedAt: '2026-01-09T23:00:00.000Z',
      maintenanceIntervalDays: 90,
      status: 'operational',
      lastMaintenanceAt: null,
      nextMaintenanceAt: '2026-04-09T23:00:00.000Z',
      zoneId: null,
      parentAssetId: null,
      pipe: null,
    });
  });

  it('stores absent optional fields as null and schedules nothing', () => {
    const asset = newAsset('a2', { name: 'Vanne', type: 'valve', siteId: 's', serialNumber: 'V-1', status: 'operational' }, null, NOW);
    expect(asset).toMatchObject({ model: null, installedAt: null, maintenanceIntervalDays: null, clientId: null, nextMaintenanceAt: null });
  });
});

describe('applyAssetPatch', () => {
  const asset = newAsset('a1', input, 'client-1', NOW);

  it('bumps the version, keeps createdAt and sets updatedAt', () => {
    const patched = applyAssetPatch(asset, { name: 'Pompe P-102' }, 'client-1', LATER);
    expect(patched).toMatchObject({ id: 'a1', name: 'Pompe P-102', version: 2, createdAt: NOW, updatedAt: LATER });
    expect(applyAssetPatch(patched, {}, 'client-1', LATER).version).toBe(3);
  });

  it('does not change the original', () => {
    applyAssetPatch(asset, { name: 'changed' }, 'client-1', LATER);
    expect(asset.name).toBe('Pompe P-101');
    expect(asset.version).toBe(1);
  });

  it('recomputes the schedule when the interval changes', () => {
    expect(applyAssetPatch(asset, { maintenanceIntervalDays: 30 }, 'client-1', LATER).nextMaintenanceAt).toBe('2026-02-08T23:00:00.000Z');
    expect(applyAssetPatch(asset, { maintenanceIntervalDays: null }, 'client-1', LATER).nextMaintenanceAt).toBeNull();
  });

  it('recomputes the schedule when installedAt changes, normalising it, and clears it when installedAt is removed', () => {
    const moved = applyAssetPatch(asset, { installedAt: '2026-02-01T12:00:00+02:00' }, 'client-1', LATER);
    expect(moved.installedAt).toBe('2026-02-01T10:00:00.000Z');
    expect(moved.nextMaintenanceAt).toBe('2026-05-02T10:00:00.000Z');
    const cleared = applyAssetPatch(asset, { installedAt: null }, 'client-1', LATER);
    expect(cleared.installedAt).toBeNull();
    expect(cleared.nextMaintenanceAt).toBeNull();
  });

  it('keeps installedAt when the patch does not mention it', () => {
    expect(applyAssetPatch(asset, { status: 'degraded' }, 'client-1', LATER).installedAt).toBe(asset.installedAt);
  });

  it('drops the schedule on retirement and restores it when back in service', () => {
    const retired = applyAssetPatch(asset, { status: 'retired' }, 'client-1', LATER);
    expect(retired.nextMaintenanceAt).toBeNull();
    expect(applyAssetPatch(retired, { status: 'operational' }, 'client-1', LATER).nextMaintenanceAt).toBe(asset.nextMaintenanceAt);
  });

  it('counts from the last maintenance once there is one', () => {
    const maintained: Asset = { ...asset, lastMaintenanceAt: '2026-06-01T00:00:00.000Z' };
    expect(applyAssetPatch(maintained, { maintenanceIntervalDays: 10 }, 'client-1', LATER).nextMaintenanceAt).toBe('2026-06-11T00:00:00.000Z');
  });

  it('keeps the date set by a maintenance plan when the patch does not touch the schedule (it used to be overwritten by the interval)', () => {
    const plans = [{ enabled: true, nextDueAt: '2026-02-15T00:00:00.000Z' }];
    const planned: Asset = { ...asset, nextMaintenanceAt: '2026-02-15T00:00:00.000Z' };
    expect(applyAssetPatch(planned, { name: 'Pompe P-101 bis' }, 'client-1', LATER, plans).nextMaintenanceAt).toBe('2026-02-15T00:00:00.000Z');
    // A shorter interval that now falls first wins over the plan.
    expect(applyAssetPatch(planned, { maintenanceIntervalDays: 10 }, 'client-1', LATER, plans).nextMaintenanceAt).toBe('2026-01-19T23:00:00.000Z');
  });

  it('takes the client of the (possibly new) site', () => {
    expect(applyAssetPatch(asset, { siteId: 'site-2' }, 'client-2', LATER)).toMatchObject({ siteId: 'site-2', clientId: 'client-2' });
    expect(applyAssetPatch(asset, { siteId: 'site-3' }, null, LATER).clientId).toBeNull();
  });
});

describe('canSeeAsset', () => {
  const asset = newAsset('a1', input, 'client-1', NOW);
  const clientUser = (clientId?: string): Principal => ({ kind: 'user', subject: 'u', tenantId: 't', role: 'client', scopes: [], ...(clientId ? { clientId } : {}) });

  it('lets staff see every asset and a client user only its own', () => {
    expect(canSeeAsset({ kind: 'user', subject: 'u', tenantId: 't', role: 'technician', scopes: [] }, asset)).toBe(true);
    expect(canSeeAsset(clientUser('client-1'), asset)).toBe(true);
    expect(canSeeAsset(clientUser('client-2'), asset)).toBe(false);
    expect(canSeeAsset(clientUser('client-1'), { ...asset, clientId: null })).toBe(false);
  });
});

describe('assetV2 (the /v2 representation)', () => {
  it('groups the maintenance fields and keeps every other field as it is', () => {
    const asset = newAsset('a-1', input, 'client-1', NOW);
    const { maintenanceIntervalDays, lastMaintenanceAt, nextMaintenanceAt: nextAt, ...rest } = asset;
    const v2 = assetV2(asset);
    expect(v2).toEqual({ ...rest, maintenance: { intervalDays: maintenanceIntervalDays, lastAt: lastMaintenanceAt, nextAt } });
    expect(v2.maintenance).toEqual({ intervalDays: 90, lastAt: null, nextAt: asset.nextMaintenanceAt });
    expect(v2).not.toHaveProperty('maintenanceIntervalDays');
  });
});
