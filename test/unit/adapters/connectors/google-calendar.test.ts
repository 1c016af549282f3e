/** The Google Calendar adapter, two-way, against a local stand-in of Calendar API v3. */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorContext } from '#adapters/connectors/port';
import { newConnector, type Connector } from '#domain/connectors';
import { NO_HYDRANT_DATA, startProviderServer } from '../../../support/provider-server';

const provider = await startProviderServer();
process.env.CONNECTOR_URL_GOOGLE_CALENDAR = provider.url;
const { googleCalendarConnector, eventIdOf } = await import('#adapters/connectors/google-calendar');
afterAll(() => provider.close());
beforeEach(() => provider.reset());

const connector: Connector = { ...newConnector('01JD5Y7Z8M6Q2V3W4X5Y6Z7C05', { type: 'google_calendar', enabled: true, config: { calendarIds: { tech1: 'tech1@example.com' } } }, true, '2026-11-01T00:00:00.000Z'), authorizedAt: '2026-11-01T00:00:00.000Z', lastSyncAt: '2026-11-22T06:00:00.000Z', syncStatus: 'succeeded' };
const moves: unknown[] = [];
const ctx: ConnectorContext = {
  connector,
  credentials: { accessToken: 'ya29.token' },
  now: new Date('2026-11-22T07:00:00Z'),
  data: {
    ...NO_HYDRANT_DATA,
    moveVisit: async (workOrderId, technicianId, times) => {
      moves.push({ workOrderId, technicianId, times });
      return workOrderId === 'wo2' ? 'visit wo2 not moved: Ana cannot take this visit: overlaps WO wo1' : 'moved';
    },
  },
};
const assigned = { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7E11', type: 'work_order.assigned', occurredAt: '2026-11-21T09:30:00Z', tenant: 't1', data: { workOrderId: 'wo1', technicianId: 'tech1', start: '2026-11-23T08:00:00.000Z', end: '2026-11-23T10:00:00.000Z', workOrder: { title: 'Pump check', description: 'Yearly' } } };
const eventsPath = '/calendar/v3/calendars/tech1%40example.com/events';

describe('google calendar connector: visits out', () => {
  it("inserts the visit in the technician's calendar with the work order's id and properties", async () => {
    provider.script(`POST ${eventsPath}`, [{ fixture: 'google-calendar-event.json' }]);
    expect(await googleCalendarConnector.sendEvent(ctx, assigned)).toEqual({ records: 1, errors: [] });
    const [req] = provider.seen;
    expect(req!.headers.authorization).toBe('Bearer ya29.token');
    expect(JSON.parse(req!.body)).toEqual({
      id: eventIdOf('wo1'),
      summary: 'Pump check',
      description: 'Yearly',
      start: { dateTime: '2026-11-23T08:00:00.000Z' },
      end: { dateTime: '2026-11-23T10:00:00.000Z' },
      extendedProperties: { private: { hydrantWorkOrderId: 'wo1', hydrantTechnicianId: 'tech1' } },
    });
    expect(eventIdOf('01JD5Y7Z8M6Q2V3W4X5Y6Z7E11')).toMatch(/^[0-9a-v]{5,1024}$/);
  });

  it('updates the event when it exists (409 duplicate on insert)', async () => {
    provider.script(`POST ${eventsPath}`, [{ status: 409, fixture: 'google-calendar-duplicate.json' }]);
    provider.script(`PUT ${eventsPath}/${eventIdOf('wo1')}`, [{ fixture: 'google-calendar-event.json' }]);
    expect((await googleCalendarConnector.sendEvent(ctx, assigned)).records).toBe(1);
    expect(provider.seen.map((r) => r.method)).toEqual(['POST', 'PUT']);
  });
});

describe('google calendar connector: moved events in', () => {
  it('moves the visits whose events moved since the last sync, and reports the refused ones', async () => {
    moves.length = 0;
    provider.script(`GET ${eventsPath}`, [{ fixture: 'google-calendar-events-list.json' }]);
    provider.script('GET /calendar/v3/calendars/primary/events', [{ body: { items: [] } }]);
    const out = await googleCalendarConnector.sync(ctx);
    expect(out).toEqual({ records: 1, errors: ['visit wo2 not moved: Ana cannot take this visit: overlaps WO wo1'] });
    expect(moves).toEqual([
      { workOrderId: 'wo1', technicianId: 'tech1', times: { start: '2026-11-24T09:00:00+01:00', end: '2026-11-24T11:00:00+01:00' } },
      { workOrderId: 'wo2', technicianId: 'tech1', times: { start: '2026-11-24T09:30:00+01:00', end: '2026-11-24T10:30:00+01:00' } },
    ]);
    const list = provider.seen.find((r) => r.path === eventsPath)!;
    expect(list.query.get('updatedMin')).toBe('2026-11-22T06:00:00.000Z');
    expect(list.query.get('singleEvents')).toBe('true');
  });
});
