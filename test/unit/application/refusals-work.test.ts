/** The Work section of the refusals: each domain refusal becomes its typed error, with its status, code and wording. */
import { describe, expect, it } from 'vitest';
import { refuseScheduleConflicts, refuseTimeSpan, refuseTransition } from '#application/refusals';
import type { Principal } from '#domain/principal';
import type { Conflict as ScheduleConflict } from '#domain/scheduling';
import { newWorkOrder, type TransitionRefusal } from '#domain/work-orders';
import { AppError } from '#platform/errors';

const NOW = '2026-12-05T10:00:00.000Z';
const user = (role: Principal['role']): Principal => ({ kind: 'user', subject: `${role}-sub`, tenantId: 't', role, scopes: [] });
const workOrder = newWorkOrder('WO1', { title: 'x', type: 'corrective' }, { assetId: null, siteId: null, clientId: null }, 'm', NOW);

/** What the problem+json answer is made of. */
function thrown(refuse: () => never): { status: number; code: string; message: string; extensions: Record<string, unknown> } {
  try {
    refuse();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    return { status: e.status, code: e.code, message: e.message, extensions: e.extensions };
  }
  throw new Error('no refusal thrown');
}

describe('refuseTransition', () => {
  const refuse = (refusal: TransitionRefusal, role: Principal['role'] = 'manager') => thrown(() => refuseTransition(refusal, workOrder, { to: 'completed' }, user(role)));

  it('a move that does not exist is 409 INVALID_TRANSITION with the moves that do', () => {
    expect(refuse({ kind: 'invalid', allowed: ['scheduled', 'cancelled'] })).toMatchObject({
      status: 409,
      code: 'INVALID_TRANSITION',
      message: 'A open work order cannot move to completed',
      extensions: { allowed: ['scheduled', 'cancelled'] },
    });
  });

  it('a move the caller may not make is 403, worded for technicians and for other roles', () => {
    expect(refuse({ kind: 'forbidden', allowed: [] }, 'technician')).toMatchObject({ status: 403, message: 'Technicians start, hold, resume and complete only the work assigned to them' });
    expect(refuse({ kind: 'forbidden', allowed: [] }, 'client')).toMatchObject({ status: 403, message: 'Your role cannot move this work order to completed' });
  });

  it('an incomplete completion is 422 COMPLETION_INCOMPLETE naming the missing answers and signature', () => {
    expect(refuse({ kind: 'incomplete', missing: ['i1', 'i2'], signatureMissing: true })).toMatchObject({
      status: 422,
      code: 'COMPLETION_INCOMPLETE',
      message: 'Completion needs answers to i1, i2 and a signature',
    });
    expect(refuse({ kind: 'incomplete', missing: [], signatureMissing: true }).message).toBe('Completion needs a signature');
    expect(refuse({ kind: 'incomplete', missing: ['i1'], signatureMissing: false }).message).toBe('Completion needs answers to i1');
  });

  it('a checklist answer that does not fit is 400 on body.checklist', () => {
    expect(refuse({ kind: 'bad-answer', detail: 'No checklist item zz' })).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'No checklist item zz',
      extensions: { errors: [{ path: 'body.checklist', message: 'No checklist item zz' }] },
    });
  });
});

describe('refuseScheduleConflicts', () => {
  it('is 409 SCHEDULE_CONFLICT naming the technician and listing every conflict', () => {
    const conflicts: ScheduleConflict[] = [
      { kind: 'overlap', workOrderId: 'WO2', start: '2026-12-07T08:00:00.000Z', end: '2026-12-07T10:00:00.000Z' },
      { kind: 'day-off', date: '2026-12-07', reason: null },
    ];
    expect(thrown(() => refuseScheduleConflicts({ name: 'Ana' }, conflicts))).toMatchObject({
      status: 409,
      code: 'SCHEDULE_CONFLICT',
      message: 'Ana cannot take this visit: overlaps work order WO2 (2026-12-07T08:00:00.000Z to 2026-12-07T10:00:00.000Z); day off on 2026-12-07',
      extensions: { conflicts },
    });
  });
});

describe('refuseTimeSpan', () => {
  it('is 400 on the field at fault', () => {
    expect(thrown(() => refuseTimeSpan({ path: 'body.end', message: 'must be after start' }))).toMatchObject({
      status: 400,
      message: 'The time entry is not valid: must be after start',
      extensions: { errors: [{ path: 'body.end', message: 'must be after start' }] },
    });
  });
});
