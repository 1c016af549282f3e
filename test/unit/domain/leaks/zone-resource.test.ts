/** Zones as a resource: building and patching, who sees them, the sensor check and the night-flow range. */
import { describe, expect, it } from 'vitest';
import {
  applyZonePatch,
  canSeeZone,
  MAX_NIGHT_FLOW_RANGE_DAYS,
  newZone,
  nightFlowRange,
  zoneSensorIds,
  zoneSensorRefusal,
  type NewZone,
  type ZoneSensorFacts,
} from '#domain/leaks/zones';
import type { Principal } from '#domain/principal';

const ACME = 'ACME';
const OTHER = 'OTHER';
const manager: Principal = { kind: 'user', subject: 'm', tenantId: 't', role: 'manager', scopes: [] };
const acmeUser: Principal = { kind: 'user', subject: 'c', tenantId: 't', role: 'client', clientId: ACME, scopes: [] };

const input: NewZone = {
  name: 'Secteur Nord',
  siteId: 'SITE',
  boundary: { type: 'Polygon', coordinates: [[[4.8, 45.7], [4.9, 45.7], [4.9, 45.8], [4.8, 45.7]]] },
  meters: [
    { sensorId: 'IN_1', direction: 'in' },
    { sensorId: 'OUT_1', direction: 'out' },
  ],
  pressureSensorIds: ['P_1'],
  serviceConnections: 1000,
  mainsLengthKm: 20,
  timezone: 'Europe/Paris',
  nightWindow: { start: '02:00', end: '04:00' },
  legitimateNightUseLPerConnectionPerHour: 1.7,
};

describe('newZone and applyZonePatch', () => {
  it('makes optional fields explicit nulls at version 1, and a patch moves the version and clears with null', () => {
    const zone = newZone('Z', input, ACME, '2026-12-01T00:00:00.000Z');
    expect(zone).toMatchObject({ id: 'Z', version: 1, siteId: 'SITE', clientId: ACME, connectionsLengthKm: null, averagePressureM: null, createdAt: '2026-12-01T00:00:00.000Z' });
    const withPressure = applyZonePatch(zone, { averagePressureM: 40, name: undefined }, ACME, '2026-12-02T00:00:00.000Z');
    expect(withPressure).toMatchObject({ version: 2, averagePressureM: 40, name: 'Secteur Nord', updatedAt: '2026-12-02T00:00:00.000Z', createdAt: zone.createdAt });
    const moved = applyZonePatch(withPressure, { siteId: null, averagePressureM: null }, null, '2026-12-03T00:00:00.000Z');
    expect(moved).toMatchObject({ version: 3, siteId: null, clientId: null, averagePressureM: null });
  });

  it('shows a client user the zones of their client only', () => {
    expect(canSeeZone(acmeUser, { clientId: ACME })).toBe(true);
    expect(canSeeZone(acmeUser, { clientId: OTHER })).toBe(false);
    expect(canSeeZone(acmeUser, { clientId: null })).toBe(false);
    expect(canSeeZone(manager, { clientId: OTHER })).toBe(true);
  });
});

describe('zoneSensorRefusal', () => {
  const sensors = (entries: Record<string, ZoneSensorFacts>) => new Map(Object.entries(entries));
  const good = { IN_1: { kind: 'flow', clientId: ACME }, OUT_1: { kind: 'flow', clientId: ACME }, P_1: { kind: 'pressure', clientId: ACME } } as const;

  it('passes flow meters and pressure sensors of the zone\'s client', () => {
    expect(zoneSensorIds(input)).toEqual(['IN_1', 'OUT_1', 'P_1']);
    expect(zoneSensorRefusal({ ...input, clientId: ACME }, sensors(good), manager)).toBeUndefined();
  });

  it('refuses a sensor that does not exist, or that the caller cannot see, as unknown', () => {
    const { OUT_1: _, ...withoutOutlet } = good;
    expect(zoneSensorRefusal({ ...input, clientId: ACME }, sensors(withoutOutlet), manager)).toEqual({ kind: 'unknown_sensor', errors: [{ path: 'meters.1.sensorId', message: 'no sensor OUT_1' }] });
    const foreignForUser = { ...good, P_1: { kind: 'pressure', clientId: OTHER } } as const;
    expect(zoneSensorRefusal({ ...input, clientId: ACME }, sensors(foreignForUser), acmeUser)?.kind).toBe('unknown_sensor');
  });

  it('refuses a meter that does not measure flow and a pressure sensor that does not measure pressure', () => {
    const swapped = { ...good, IN_1: { kind: 'pressure', clientId: ACME }, P_1: { kind: 'flow', clientId: ACME } } as const;
    const refusal = zoneSensorRefusal({ ...input, clientId: ACME }, sensors(swapped), manager);
    expect(refusal?.kind).toBe('wrong_sensor_kind');
    expect(refusal?.errors.map((e) => e.path)).toEqual(['meters.0.sensorId', 'pressureSensorIds.0']);
  });

  it('refuses a sensor of another client than the zone\'s, and accepts any when the zone has no client', () => {
    const mixed = { ...good, OUT_1: { kind: 'flow', clientId: OTHER } } as const;
    expect(zoneSensorRefusal({ ...input, clientId: ACME }, sensors(mixed), manager)).toMatchObject({ kind: 'sensor_of_another_client', errors: [{ path: 'meters.1.sensorId' }] });
    expect(zoneSensorRefusal({ ...input, clientId: null }, sensors(mixed), manager)).toBeUndefined();
  });
});

describe('nightFlowRange', () => {
  const now = Date.parse('2026-12-08T00:00:00Z');
  const DAY = 86_400_000;

  it('defaults to the 28 days before now', () => {
    expect(nightFlowRange(undefined, undefined, now)).toEqual({ ok: true, from: now - 28 * DAY, to: now });
  });

  it('accepts exactly the longest range and refuses one millisecond more, and an empty range', () => {
    expect(nightFlowRange(now - MAX_NIGHT_FLOW_RANGE_DAYS * DAY, now, now).ok).toBe(true);
    expect(nightFlowRange(now - MAX_NIGHT_FLOW_RANGE_DAYS * DAY - 1, now, now)).toMatchObject({ ok: false, refusal: { kind: 'range_too_long' } });
    expect(nightFlowRange(now, now, now)).toMatchObject({ ok: false, refusal: { kind: 'empty_range' } });
  });
});
