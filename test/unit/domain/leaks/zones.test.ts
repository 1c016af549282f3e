/** Zones: boundary, night window, meters and the request schema built on the same checks. */
import { describe, expect, it } from 'vitest';
import { meterIssues, nightWindowIssues, nightWindowMinutes, polygonIssues, pressureSensorIssues, zoneIssues, type ZoneSpec } from '#domain/leaks/zones';
import { CreateZoneBody, UpdateZoneBody } from '#lib/model/schemas/zones';

const square = [
  [4.83, 45.76],
  [4.86, 45.76],
  [4.86, 45.78],
  [4.83, 45.78],
  [4.83, 45.76],
];
const boundary = { type: 'Polygon' as const, coordinates: [square] };

const zone: ZoneSpec = {
  name: 'Secteur Croix-Rousse',
  boundary,
  meters: [
    { sensorId: 'FLOW_IN_1', direction: 'in' },
    { sensorId: 'FLOW_OUT_1', direction: 'out' },
  ],
  pressureSensorIds: ['PRESS_1'],
  serviceConnections: 2400,
  mainsLengthKm: 38.5,
  timezone: 'Europe/Paris',
  nightWindow: { start: '02:00', end: '04:00' },
  legitimateNightUseLPerConnectionPerHour: 1.7,
};

describe('polygonIssues', () => {
  it('accepts a closed ring of 5 positions, with an optional altitude', () => {
    expect(polygonIssues(boundary)).toEqual([]);
    expect(polygonIssues({ type: 'Polygon', coordinates: [square.map(([x, y]) => [x!, y!, 170])] })).toEqual([]);
  });

  it('refuses an open ring, a ring of 3 positions, and positions out of range', () => {
    expect(polygonIssues({ type: 'Polygon', coordinates: [square.slice(0, 4)] })).toEqual([{ path: 'boundary.coordinates.0', message: expect.stringContaining('closed') }]);
    expect(polygonIssues({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 0]]] })).toEqual([{ path: 'boundary.coordinates.0', message: expect.stringContaining('at least 4') }]);
    const bad = [[181, 0], [1, 0], [1, 91], [181, 0]];
    expect(polygonIssues({ type: 'Polygon', coordinates: [bad] }).map((i) => i.path)).toEqual(['boundary.coordinates.0.0.0', 'boundary.coordinates.0.2.1', 'boundary.coordinates.0.3.0']);
  });

  it('refuses a closed ring that encloses nothing', () => {
    expect(polygonIssues({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [2, 2], [0, 0]]] })[0]!.message).toContain('enclose');
  });
});

describe('night window', () => {
  it('measures windows that cross midnight', () => {
    expect(nightWindowMinutes({ start: '02:00', end: '04:00' })).toBe(120);
    expect(nightWindowMinutes({ start: '23:30', end: '03:30' })).toBe(240);
  });

  it('refuses malformed times and windows shorter than an hour or longer than 8', () => {
    expect(nightWindowIssues({ start: '2:00', end: '24:00' }).map((i) => i.path)).toEqual(['nightWindow.start', 'nightWindow.end']);
    expect(nightWindowIssues({ start: '02:00', end: '02:30' })[0]!.message).toContain('between 1 and 8 hours');
    expect(nightWindowIssues({ start: '20:00', end: '05:00' })[0]!.message).toContain('540 minutes');
  });
});

describe('meters', () => {
  it('needs an inflow meter and no sensor twice', () => {
    expect(meterIssues([{ sensorId: 'A', direction: 'out' }])).toEqual([{ path: 'meters', message: expect.stringContaining('inflow') }]);
    expect(meterIssues([{ sensorId: 'A', direction: 'in' }, { sensorId: 'A', direction: 'out' }])).toEqual([{ path: 'meters.1.sensorId', message: expect.any(String) }]);
    expect(pressureSensorIssues(['P', 'Q', 'P'])).toEqual([{ path: 'pressureSensorIds.2', message: expect.any(String) }]);
  });
});

describe('zoneIssues', () => {
  it('accepts a valid zone', () => {
    expect(zoneIssues(zone)).toEqual([]);
  });

  it('refuses an unknown time zone and impossible sizes', () => {
    expect(zoneIssues({ ...zone, timezone: 'Europe/Lyon', serviceConnections: 2.5, mainsLengthKm: 0, averagePressureM: -1 }).map((i) => i.path)).toEqual([
      'timezone',
      'serviceConnections',
      'mainsLengthKm',
      'averagePressureM',
    ]);
  });
});

describe('CreateZoneBody', () => {
  const body = { ...zone, nightWindow: undefined, legitimateNightUseLPerConnectionPerHour: undefined };

  it('fills the documented defaults', () => {
    const parsed = CreateZoneBody.parse(JSON.parse(JSON.stringify(body)));
    expect(parsed.nightWindow).toEqual({ start: '02:00', end: '04:00' });
    expect(parsed.legitimateNightUseLPerConnectionPerHour).toBe(1.7);
  });

  it('reports domain problems at their JSON path', () => {
    const result = CreateZoneBody.safeParse({
      ...body,
      boundary: { type: 'Polygon', coordinates: [square.slice(0, 4)] },
      meters: [{ sensorId: 'FLOW_OUT_1', direction: 'out' }],
      timezone: 'Mars/Olympus',
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['boundary.coordinates.0', 'meters', 'timezone']));
  });

  it('refuses unknown fields, and an empty patch', () => {
    expect(CreateZoneBody.safeParse({ ...body, colour: 'blue' }).success).toBe(false);
    expect(UpdateZoneBody.safeParse({}).success).toBe(false);
    expect(UpdateZoneBody.parse({ averagePressureM: null })).toEqual({ averagePressureM: null });
  });
});
