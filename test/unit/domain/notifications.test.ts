import { describe, expect, it } from 'vitest';
import {
  groupedNotification,
  notificationGroupId,
  planNotification,
  readNotification,
  recipientsOf,
  type NotificationEvent,
} from '#domain/notifications';

const event = (type: string, data: Record<string, unknown>, over: Partial<NotificationEvent> = {}): NotificationEvent => ({
  id: 'evt-1',
  type,
  occurredAt: '2026-12-01T10:00:00.000Z',
  tenant: 't1',
  data,
  ...over,
});
const managers = () => ['m1', 'm2'];

describe('who gets what', () => {
  const byRole = (role: string) => (role === 'admin' ? ['a1'] : ['m1', 'm2']);

  it('API key rotations (before and after) and API anomalies go to every admin, grouped per key', () => {
    const due = planNotification(event('api_key.rotation_due', { keyId: 'k1', name: 'Bridge', dueAt: '2027-01-01T00:00:00.000Z' }))!;
    expect(recipientsOf(due.audiences, byRole)).toEqual(['a1']);
    expect(due.groupKey).toBe('api_key.rotation_due:k1');
    expect(due.title).toContain('2027-01-01T00:00:00.000Z');
    const rotated = planNotification(event('api_key.rotated', { keyId: 'k1', name: 'Bridge', previousValueUntil: '2027-01-08T00:00:00.000Z' }))!;
    expect(recipientsOf(rotated.audiences, byRole)).toEqual(['a1']);
    expect(rotated.body).toContain('/v1/api-keys/k1/pending-value');
    expect(rotated.resource).toEqual({ type: 'api-key', id: 'k1' });
    const anomaly = planNotification(event('api.anomaly_detected', { apiKeyId: 'gw1', apiKeyName: 'Bridge', hour: '2026-12-01T09', kinds: ['mostly_errors', 'scanning'], anomalyId: 'x' }))!;
    expect(recipientsOf(anomaly.audiences, byRole)).toEqual(['a1']);
    expect(anomaly.groupKey).toBe('api.anomaly_detected:gw1');
    expect(anomaly.title).toContain('mostly_errors, scanning');
    expect(planNotification(event('api.anomaly_detected', {}))).toBeUndefined();
    expect(planNotification(event('api_key.rotated', {}))).toBeUndefined();
  });

  it('work_order.assigned goes to the assigned technician\'s user only', () => {
    const plan = planNotification(event('work_order.assigned', { workOrderId: 'wo1', title: 'Fuite', technicianUserId: 'u-tech' }))!;
    expect(recipientsOf(plan.audiences, managers)).toEqual(['u-tech']);
    expect(plan.title).toContain('Fuite');
    expect(plan.resource).toEqual({ type: 'work-order', id: 'wo1' });
  });

  it('work_order.assigned without a linked user notifies nobody', () => {
    expect(planNotification(event('work_order.assigned', { workOrderId: 'wo1', technicianId: 'T1' }))).toBeUndefined();
  });

  it('work_order.status_changed goes to every manager and the assignee, once each', () => {
    const plan = planNotification(event('work_order.status_changed', { workOrder: { id: 'wo1', title: 'Pompe', assigneeUserId: 'm1' }, from: 'open', to: 'scheduled' }))!;
    expect(recipientsOf(plan.audiences, managers).sort()).toEqual(['m1', 'm2']);
    expect(plan.body).toBe('Status changed from open to scheduled');
  });

  it('work_order.status_changed without an assignee goes to the managers', () => {
    const plan = planNotification(event('work_order.status_changed', { id: 'wo1', to: 'cancelled' }))!;
    expect(recipientsOf(plan.audiences, managers)).toEqual(['m1', 'm2']);
  });

  it('work_order.escalated and alert.raised go to every manager', () => {
    for (const e of [event('work_order.escalated', { workOrderId: 'wo1', technicianUserId: 'u-tech' }), event('alert.raised', { id: 'a1', ruleId: 'r1', sensorId: 'PH_1', severity: 'major' })]) {
      expect(recipientsOf(planNotification(e)!.audiences, managers)).toEqual(['m1', 'm2']);
    }
  });

  it("leak.suspected and leak.cleared tell every manager, grouped per zone, with the leak's figures", () => {
    const leak = { startNight: '2026-11-18', addedFlowM3h: 4.2 };
    const suspected = planNotification(event('leak.suspected', { id: 'a1', zoneId: 'z1', message: 'Leak suspected in zone Nord', leak }))!;
    expect(recipientsOf(suspected.audiences, managers)).toEqual(['m1', 'm2']);
    expect(suspected).toMatchObject({ groupKey: 'leak.suspected:z1', title: 'Leak suspected in a zone since 2026-11-18: +4.2 m³/h', body: 'Leak suspected in zone Nord', resource: { type: 'alert', id: 'a1' } });
    expect(planNotification(event('leak.suspected', { id: 'a2', zoneId: 'z1', leak }))!.groupKey).toBe(suspected.groupKey);
    expect(planNotification(event('leak.suspected', { id: 'a3', zoneId: 'z2', leak }))!.groupKey).not.toBe(suspected.groupKey);
    const cleared = planNotification(event('leak.cleared', { id: 'a1', zoneId: 'z1', clearedBy: { reason: 'the night line returned on 2026-11-25' } }))!;
    expect(cleared).toMatchObject({ groupKey: 'leak.cleared:z1', title: 'Leak cleared in a zone: the night line returned on 2026-11-25' });
    expect(planNotification(event('leak.suspected', { id: 'a1' }))).toBeUndefined();
  });

  it('request.created tells every manager what the client reported', () => {
    const plan = planNotification(event('request.created', { id: 'R1', kind: 'leak', title: 'Fuite', address: '14 rue Garibaldi' }))!;
    expect(recipientsOf(plan.audiences, managers)).toEqual(['m1', 'm2']);
    expect(plan).toMatchObject({ title: 'New service request (leak): Fuite', body: '14 rue Garibaldi', resource: { type: 'request', id: 'R1' } });
  });

  it('other events notify nobody', () => {
    expect(planNotification(event('alert.cleared', { id: 'a1' }))).toBeUndefined();
    expect(planNotification(event('document.available', { id: 'd1' }))).toBeUndefined();
  });

  it('groups repeats of one rule on one sensor, whatever the alert id', () => {
    const a = planNotification(event('alert.raised', { id: 'a1', ruleId: 'r1', sensorId: 'PH_1' }))!;
    const b = planNotification(event('alert.raised', { id: 'a2', ruleId: 'r1', sensorId: 'PH_1' }))!;
    const c = planNotification(event('alert.raised', { id: 'a3', ruleId: 'r1', sensorId: 'PH_2' }))!;
    expect(a.groupKey).toBe(b.groupKey);
    expect(a.groupKey).not.toBe(c.groupKey);
  });
});

describe('group ids', () => {
  it('are ULID-shaped, stable, and differ by tenant and group', () => {
    const id = notificationGroupId('t1', 'alert.raised:r1:PH_1');
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(notificationGroupId('t1', 'alert.raised:r1:PH_1')).toBe(id);
    expect(notificationGroupId('t2', 'alert.raised:r1:PH_1')).not.toBe(id);
    expect(notificationGroupId('t1', 'alert.raised:r1:PH_2')).not.toBe(id);
  });
});

describe('grouping', () => {
  const e1 = event('alert.raised', { id: 'a1', ruleId: 'r1', sensorId: 'PH_1', message: 'first' });
  const e2 = event('alert.raised', { id: 'a2', ruleId: 'r1', sensorId: 'PH_1', message: 'second' }, { id: 'evt-2', occurredAt: '2026-12-01T11:00:00.000Z' });
  const late = event('alert.raised', { id: 'a0', ruleId: 'r1', sensorId: 'PH_1', message: 'late' }, { id: 'evt-0', occurredAt: '2026-12-01T09:00:00.000Z' });

  it('counts repeats into one unread notification with the latest text and lastAt', () => {
    const first = groupedNotification(undefined, planNotification(e1)!, e1, 'm1');
    const second = groupedNotification(first, planNotification(e2)!, e2, 'm1');
    expect(second).toMatchObject({ id: first.id, count: 2, firstAt: e1.occurredAt, lastAt: e2.occurredAt, body: 'second', readAt: null, version: 2 });
  });

  it('a late event counts but does not take over the text', () => {
    const first = groupedNotification(undefined, planNotification(e2)!, e2, 'm1');
    const merged = groupedNotification(first, planNotification(late)!, late, 'm1');
    expect(merged).toMatchObject({ count: 2, body: 'second', lastAt: e2.occurredAt, firstAt: late.occurredAt });
  });

  it('a group already read starts again at one, unread', () => {
    const read = readNotification(groupedNotification(undefined, planNotification(e1)!, e1, 'm1'), '2026-12-01T10:30:00.000Z');
    expect(read.readAt).toBe('2026-12-01T10:30:00.000Z');
    expect(readNotification(read, '2026-12-01T12:00:00.000Z')).toBe(read);
    const again = groupedNotification(read, planNotification(e2)!, e2, 'm1');
    expect(again).toMatchObject({ count: 1, readAt: null, firstAt: e2.occurredAt, version: read.version + 1 });
  });
});
