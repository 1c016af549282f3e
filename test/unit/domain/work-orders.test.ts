import { describe, expect, it } from 'vitest';
import type { Principal } from '#domain/principal';
import { allowedMoves, correctiveFor, isOverdue, newWorkOrder, slaDueAt, transition, workOrderForAlert, type WorkOrder } from '#domain/work-orders';

const NOW = '2026-12-05T10:00:00.000Z';
const user = (role: Principal['role']): Principal => ({ kind: 'user', subject: `${role}-sub`, username: `${role}@x`, tenantId: 't', role, scopes: [] });
const manager = { principal: user('manager') };
const tech = { principal: user('technician'), technicianId: 'TECH1' };
const otherTech = { principal: user('technician'), technicianId: 'TECH2' };
const noPlace = { assetId: null, siteId: null, clientId: null };

const wo = (over: Partial<WorkOrder> = {}): WorkOrder => ({ ...newWorkOrder('WO1', { title: 'x', type: 'corrective' }, noPlace, 'm', NOW), ...over });

describe('SLA', () => {
  it('defaults the due date by priority: 4 h, 24 h, 72 h, 7 days', () => {
    expect(slaDueAt('critical', NOW)).toBe('2026-12-05T14:00:00.000Z');
    expect(slaDueAt('high', NOW)).toBe('2026-12-06T10:00:00.000Z');
    expect(slaDueAt('normal', NOW)).toBe('2026-12-08T10:00:00.000Z');
    expect(slaDueAt('low', NOW)).toBe('2026-12-12T10:00:00.000Z');
    expect(newWorkOrder('A', { title: 'x', type: 'corrective', priority: 'critical' }, noPlace, 'm', NOW).dueAt).toBe('2026-12-05T14:00:00.000Z');
  });
  it('keeps an explicit due date, normalised', () => {
    expect(newWorkOrder('A', { title: 'x', type: 'corrective', dueAt: '2026-12-24T09:00:00+01:00' }, noPlace, 'm', NOW).dueAt).toBe('2026-12-24T08:00:00.000Z');
  });
  it('is overdue only past the due date and while still to be done', () => {
    expect(isOverdue(wo({ dueAt: '2026-12-05T09:00:00.000Z' }), NOW)).toBe(true);
    expect(isOverdue(wo({ dueAt: '2026-12-05T11:00:00.000Z' }), NOW)).toBe(false);
    expect(isOverdue(wo({ dueAt: '2026-12-05T09:00:00.000Z', status: 'completed' }), NOW)).toBe(false);
  });
});

describe('workflow', () => {
  it('walks open → scheduled → in_progress ⇄ on_hold → completed → closed with stamps and history', () => {
    let w = wo({ assignedTechnicianId: 'TECH1' });
    const steps: [typeof manager, WorkOrder['status']][] = [
      [manager, 'scheduled'],
      [tech, 'in_progress'],
      [tech, 'on_hold'],
      [tech, 'in_progress'],
      [tech, 'completed'],
      [manager, 'closed'],
    ];
    for (const [actor, to] of steps) {
      const out = transition(actor, w, { to, comment: `to ${to}` }, NOW);
      if (!out.ok) throw new Error(JSON.stringify(out.refusal));
      expect(out.entry).toMatchObject({ from: w.status, to, comment: `to ${to}`, by: actor.principal.username });
      expect(out.workOrder.version).toBe(w.version + 1);
      w = out.workOrder;
    }
    expect(w).toMatchObject({ status: 'closed', startedAt: NOW, completedAt: NOW, closedAt: NOW });
  });

  it('refuses a move that does not exist with 409-style "invalid" and the allowed moves', () => {
    const out = transition(manager, wo(), { to: 'completed' }, NOW);
    expect(out).toEqual({ ok: false, refusal: { kind: 'invalid', allowed: ['scheduled', 'cancelled'] } });
  });

  it('cancels only from open, scheduled or on_hold', () => {
    for (const status of ['open', 'scheduled', 'on_hold'] as const) expect(transition(manager, wo({ status }), { to: 'cancelled' }, NOW).ok).toBe(true);
    for (const status of ['in_progress', 'completed', 'closed', 'cancelled'] as const) expect(transition(manager, wo({ status }), { to: 'cancelled' }, NOW).ok).toBe(false);
  });

  it('lets a technician start, hold, resume and complete only work assigned to them', () => {
    const scheduled = wo({ status: 'scheduled', assignedTechnicianId: 'TECH1' });
    expect(transition(tech, scheduled, { to: 'in_progress' }, NOW).ok).toBe(true);
    expect(transition(otherTech, scheduled, { to: 'in_progress' }, NOW)).toMatchObject({ ok: false, refusal: { kind: 'forbidden', allowed: [] } });
    expect(transition({ principal: user('technician') }, scheduled, { to: 'in_progress' }, NOW).ok).toBe(false);
  });

  it('keeps scheduling, cancelling and closing to managers', () => {
    const mine = { assignedTechnicianId: 'TECH1' };
    expect(transition(tech, wo(mine), { to: 'scheduled' }, NOW)).toMatchObject({ ok: false, refusal: { kind: 'forbidden' } });
    expect(transition(tech, wo({ ...mine, status: 'scheduled' }), { to: 'cancelled' }, NOW)).toMatchObject({ ok: false, refusal: { kind: 'forbidden', allowed: ['in_progress'] } });
    expect(transition(tech, wo({ ...mine, status: 'completed' }), { to: 'closed' }, NOW).ok).toBe(false);
    expect(transition({ principal: user('client') }, wo(), { to: 'scheduled' }, NOW).ok).toBe(false);
    expect(allowedMoves(manager, wo({ status: 'in_progress' }))).toEqual(['on_hold', 'completed']);
  });

  it('completes only with every checklist item answered and the signature when required', () => {
    const base = newWorkOrder(
      'I1',
      { title: 'Inspection', type: 'inspection', requiresSignature: true, checklist: [{ label: 'Clapet', kind: 'pass_fail' }, { label: 'Pression', kind: 'measurement', unit: 'bar', min: 3, max: 6 }] },
      noPlace,
      'm',
      NOW,
    );
    const running = { ...base, status: 'in_progress' as const };
    expect(transition(manager, running, { to: 'completed' }, NOW)).toEqual({ ok: false, refusal: { kind: 'incomplete', missing: ['item-1', 'item-2'], signatureMissing: true } });
    const answers = [{ itemId: 'item-1', passed: true }, { itemId: 'item-2', value: 2.1 }];
    expect(transition(manager, running, { to: 'completed', checklist: answers }, NOW)).toEqual({ ok: false, refusal: { kind: 'incomplete', missing: [], signatureMissing: true } });
    const done = transition(manager, running, { to: 'completed', checklist: answers, signature: { signedBy: 'Claire Acme' } }, NOW);
    if (!done.ok) throw new Error('should complete');
    expect(done.workOrder.checklist.map((i) => i.result?.ok)).toEqual([true, false]);
    expect(done.workOrder.signature).toEqual({ signedBy: 'Claire Acme', signedAt: NOW });
    // The measurement out of its range is a failed inspection item: it opens a corrective work order.
    expect(done.failedItems.map((i) => i.id)).toEqual(['item-2']);
    expect(correctiveFor(done.workOrder, done.failedItems)).toMatchObject({ type: 'corrective', parentWorkOrderId: 'I1', description: expect.stringContaining('Pression: 2.1 bar') });
  });

  it('refuses answers to unknown items and answers of the wrong kind', () => {
    const w = newWorkOrder('I1', { title: 'i', type: 'inspection', checklist: [{ label: 'Clapet', kind: 'pass_fail' }] }, noPlace, 'm', NOW);
    expect(transition(manager, { ...w, status: 'in_progress' }, { to: 'on_hold', checklist: [{ itemId: 'nope', passed: true }] }, NOW)).toMatchObject({ ok: false, refusal: { kind: 'bad-answer' } });
    expect(transition(manager, { ...w, status: 'in_progress' }, { to: 'on_hold', checklist: [{ itemId: 'item-1', value: 3 }] }, NOW)).toMatchObject({ ok: false, refusal: { kind: 'bad-answer' } });
  });
});

describe('work order for an alert', () => {
  it('maps severity to priority and keeps the alert as source', () => {
    expect(workOrderForAlert({ id: 'A1', severity: 'critical' })).toMatchObject({ priority: 'critical', source: 'alert', sourceRef: 'A1', type: 'corrective' });
    expect(workOrderForAlert({ id: 'A1', severity: 'major' }).priority).toBe('high');
    expect(workOrderForAlert({ id: 'A1', severity: 'minor' }).priority).toBe('normal');
  });
});
