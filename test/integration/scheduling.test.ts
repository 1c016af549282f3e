/** Scheduling through the local stack: assignment and its conflicts, candidates, the schedule, calendar feeds, escalation. */
import http from 'node:http';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_API_KEY, DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { apiUrl, call, tokenFor, USERS } from '../support/api';
import { mondayAt } from '../support/scheduling';

let manager: string;
let technician: string;
let seq = 0;
const unique = (p: string) => `${p}-${process.pid}-${Date.now()}-${seq++}`;
const ACME_SITE_BODY = { address: '1 quai du Rhône, Lyon', location: { lat: 45.76, lon: 4.84 }, clientId: '01JC8Y5T0000000000ACME0001' };

beforeAll(async () => {
  [manager, technician] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.technician)]);
});

async function site() {
  const res = await call('POST', '/v1/sites', { token: manager, body: { name: unique('Site'), ...ACME_SITE_BODY } });
  return res.body.id as string;
}
async function workOrder(extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/v1/work-orders', { token: manager, body: { title: unique('WO'), type: 'corrective', siteId: await site(), ...extra } });
  expect(res.status).toBe(201);
  return res.body;
}
async function tech(extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/v1/technicians', { token: manager, body: { name: unique('Tech'), skills: ['hydraulics'], ...extra } });
  expect(res.status).toBe(201);
  return res.body;
}
const assign = (id: string, body: Record<string, unknown>) => call('POST', `/v1/work-orders/${id}/assignment`, { token: manager, body });

describe('assignment', () => {
  it('books the visit, moves the work order to scheduled, keeps history and the assigned event', async () => {
    const t = await tech();
    const wo = await workOrder();
    const start = mondayAt(10);
    const res = await assign(wo.id, { technicianId: t.id, start, durationMinutes: 90 });
    expect(res.status).toBe(200);
    expect(res.body.entry).toMatchObject({ workOrderId: wo.id, technicianId: t.id, start, durationMinutes: 90, end: new Date(Date.parse(start) + 90 * 60_000).toISOString() });
    expect(res.body.workOrder).toMatchObject({ status: 'scheduled', assignedTechnicianId: t.id, scheduledStart: start, version: wo.version + 1 });
    const history = await call('GET', `/v1/work-orders/${wo.id}/history`, { token: manager });
    expect(history.body.data.map((h: { to: string }) => h.to)).toEqual(['open', 'scheduled']);
    Object.assign(process.env, inject('stackEnv'));
    const { documentClient } = await import('#adapters/dynamodb/document-client');
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const events = await documentClient.send(
      new QueryCommand({
        TableName: process.env.TABLE_NAME,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        FilterExpression: '#d.workOrderId = :wo',
        ExpressionAttributeNames: { '#d': 'data' },
        ExpressionAttributeValues: { ':pk': `T#${DEMO_TENANT_ID}#OUTBOX`, ':wo': wo.id },
      }),
    );
    expect((events.Items ?? []).map((e) => e.type).sort()).toEqual(['work_order.assigned', 'work_order.status_changed']);
  });

  it('refuses overlaps, days off and time outside working hours with 409 listing each conflict; adjacent visits are fine', async () => {
    const monday = mondayAt(10);
    const t = await tech({ daysOff: [{ from: mondayAt(10, 2).slice(0, 10), to: mondayAt(10, 2).slice(0, 10), reason: 'Congé' }] });
    const first = await workOrder();
    expect((await assign(first.id, { technicianId: t.id, start: monday, durationMinutes: 60 })).status).toBe(200);
    const second = await workOrder();
    const overlap = await assign(second.id, { technicianId: t.id, start: new Date(Date.parse(monday) + 30 * 60_000).toISOString(), durationMinutes: 60 });
    expect(overlap.status).toBe(409);
    expect(overlap.headers.get('content-type')).toMatch(/problem\+json/);
    expect(overlap.body).toMatchObject({ code: 'SCHEDULE_CONFLICT', conflicts: [{ kind: 'overlap', workOrderId: first.id }] });
    const adjacent = await assign(second.id, { technicianId: t.id, start: new Date(Date.parse(monday) + 60 * 60_000).toISOString(), durationMinutes: 60 });
    expect(adjacent.status).toBe(200);
    const third = await workOrder();
    const dayOff = await assign(third.id, { technicianId: t.id, start: mondayAt(10, 2), durationMinutes: 60 });
    expect(dayOff.body.conflicts).toEqual([{ kind: 'day-off', date: mondayAt(10, 2).slice(0, 10), reason: 'Congé' }]);
    const night = await assign(third.id, { technicianId: t.id, start: mondayAt(22), durationMinutes: 60 });
    expect(night.status).toBe(409);
    expect(night.body.conflicts).toEqual([expect.objectContaining({ kind: 'outside-working-hours', timeZone: 'Europe/Paris' })]);
  });

  it('reassigns a scheduled work order (the old visit is replaced) and refuses a completed one', async () => {
    const [a, b] = [await tech(), await tech()];
    const wo = await workOrder();
    await assign(wo.id, { technicianId: a.id, start: mondayAt(9), durationMinutes: 60 });
    const again = await assign(wo.id, { technicianId: b.id, start: mondayAt(13), durationMinutes: 60 });
    expect(again.status).toBe(200);
    const scheduleOfA = await call('GET', `/v1/schedule?technicianId=${a.id}&from=${mondayAt(0)}&to=${mondayAt(0, 2)}`, { token: manager });
    expect(scheduleOfA.body.data).toEqual([]);
    const scheduleOfB = await call('GET', `/v1/schedule?technicianId=${b.id}&from=${mondayAt(0)}&to=${mondayAt(0, 2)}`, { token: manager });
    expect(scheduleOfB.body.data.map((e: { workOrderId: string }) => e.workOrderId)).toEqual([wo.id]);
    await call('POST', `/v1/work-orders/${wo.id}/transitions`, { token: manager, body: { to: 'cancelled' } });
    const afterCancel = await call('GET', `/v1/schedule?technicianId=${b.id}&from=${mondayAt(0)}&to=${mondayAt(0, 2)}`, { token: manager });
    expect(afterCancel.body.data.map((e: { workOrder: { status: string } }) => e.workOrder.status)).toEqual(['cancelled']);
    const refused = await assign(wo.id, { technicianId: a.id, start: mondayAt(9), durationMinutes: 60 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('NOT_ASSIGNABLE');
  });
});

describe('candidates', () => {
  it('ranks skilled and free technicians first, each with its reasons', async () => {
    const start = mondayAt(10, 3);
    const busy = await tech({ skills: ['hydraulics', 'leak-detection'] });
    const free = await tech({ skills: ['hydraulics', 'leak-detection'] });
    const unskilled = await tech({ skills: ['electrical'] });
    const blocker = await workOrder();
    await assign(blocker.id, { technicianId: busy.id, start, durationMinutes: 120 });
    const wo = await workOrder({ requiredSkills: ['hydraulics', 'leak-detection'] });
    const res = await call('GET', `/v1/work-orders/${wo.id}/candidates?start=${start}&durationMinutes=60`, { token: manager });
    expect(res.status).toBe(200);
    const mine = res.body.data.filter((c: { technicianId: string }) => [busy.id, free.id, unskilled.id].includes(c.technicianId));
    expect(mine.map((c: { technicianId: string }) => c.technicianId)).toEqual([free.id, busy.id, unskilled.id]);
    expect(mine[0]).toMatchObject({ available: true, skillMatch: 1 });
    expect(mine[1]).toMatchObject({ available: false, conflicts: [{ kind: 'overlap', workOrderId: blocker.id }] });
    expect(mine[2]).toMatchObject({ missingSkills: ['hydraulics', 'leak-detection'], skillMatch: 0 });
    expect(mine[1].reasons.join(' ')).toMatch(/not free/);
  });
});

describe('schedule and calendar feed', () => {
  it('a technician reads only their own schedule', async () => {
    const other = await tech();
    const res = await call('GET', `/v1/schedule?technicianId=${other.id}&from=${mondayAt(0)}&to=${mondayAt(0, 2)}`, { token: technician });
    expect(res.status).toBe(403);
    const own = await call('GET', `/v1/schedule?from=${mondayAt(0)}&to=${mondayAt(0, 2)}`, { token: technician });
    expect(own.status).toBe(200);
  });

  it('serves an iCalendar feed that parses, through a URL that stops working once revoked', async () => {
    const t = await tech();
    const wo = await workOrder({ title: 'Fuite, vanne; secteur "Nord" — très urgent, vraiment très très urgent pour ce quartier' });
    // Near now, so the feed's window (30 days back, 90 ahead) holds it.
    const start = mondayAt(10);
    await assign(wo.id, { technicianId: t.id, start, durationMinutes: 120 });
    const feed = await call('POST', '/v1/schedule/feeds', { token: manager, body: { technicianId: t.id } });
    expect(feed.status).toBe(201);
    const url = new URL(feed.body.url);
    // No API key and no token: a calendar app sends neither.
    const ics = await fetch(`${apiUrl()}${url.pathname}${url.search}`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await ics.text();
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(1);
    expect(events[0]!.uid).toBe(`${wo.id}@hydrant`);
    expect(events[0]!.summary).toBe(`[normal] ${wo.title}`);
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe(start);
    expect(events[0]!.endDate.toJSDate().getTime() - Date.parse(start)).toBe(120 * 60_000);
    const tampered = await fetch(`${apiUrl()}/v1/schedule.ics?feed=${feed.body.id}&token=${'A'.repeat(43)}`);
    expect(tampered.status).toBe(401);
    expect((await call('DELETE', `/v1/schedule/feeds/${feed.body.id}`, { token: manager })).status).toBe(204);
    const revoked = await fetch(`${apiUrl()}${url.pathname}${url.search}`);
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('links in answers', () => {
  it('builds the calendar feed URL from the configured API URL, whatever Host and X-Forwarded-* the caller forges', async () => {
    const t = await tech();
    const body = JSON.stringify({ technicianId: t.id });
    const api = new URL(apiUrl());
    // node:http, because fetch will not send a forged Host.
    const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = http.request(
        {
          host: api.hostname,
          port: api.port,
          path: '/v1/schedule/feeds',
          method: 'POST',
          headers: {
            host: 'evil.example',
            'x-forwarded-proto': 'javascript',
            'x-forwarded-host': 'evil.example',
            forwarded: 'host=evil.example;proto=javascript',
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-api-key': DEMO_API_KEY,
            authorization: `Bearer ${manager}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(201);
    const url = new URL(answer.body.url);
    expect(url.origin).toBe(api.origin);
    expect(answer.body.url.startsWith(`${apiUrl()}/v1/schedule.ics?feed=${answer.body.id}&token=`)).toBe(true);
  });
});

describe('escalation', () => {
  it('notifies every manager once when a critical work order is still unassigned after 30 minutes', async () => {
    Object.assign(process.env, inject('stackEnv'));
    const wo = await workOrder({ priority: 'critical' });
    const assigned = await workOrder({ priority: 'critical' });
    const t = await tech();
    await assign(assigned.id, { technicianId: t.id, start: mondayAt(15), durationMinutes: 60 });
    const { escalateUnassignedWorkOrders: escalateUnassigned } = await import('#application/work-orders/escalate-unassigned-work-orders');
    const escalatedFor = async (id: string) =>
      (await call('GET', '/v1/notifications?limit=100', { token: manager })).body.data.filter((n: { resource?: { id: string }; type: string }) => n.resource?.id === id && n.type === 'work_order.escalated');
    await escalateUnassigned(new Date(Date.parse(wo.createdAt) + 10 * 60_000));
    expect(await escalatedFor(wo.id)).toEqual([]);
    const later = new Date(Date.parse(wo.createdAt) + 31 * 60_000);
    await escalateUnassigned(later);
    await escalateUnassigned(later);
    const mine = await escalatedFor(wo.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ count: 1 });
    expect(await escalatedFor(assigned.id)).toEqual([]);
  });
});
