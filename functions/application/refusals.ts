/**
 * Domain refusals as typed errors, in one place. The domain answers `{ ok: false, refusal }`
 * in its own words (`TransitionRefusal`, `TimeRefusal`, ...); a use case hands the refusal
 * to the function here for its type, which throws the typed error (`Conflict`,
 * `Forbidden`, `Unprocessable`, `ValidationFailed`, ...) with its stable code. The HTTP
 * stack's error middleware then turns every typed error into problem+json
 * (`functions/http-stack/middleware/problem-errors.ts`), so a refusal's status, code
 * and wording are written once, whichever route or worker meets it.
 *
 * One section per area; keep each function next to the others of its aggregate.
 */
import type { Principal } from '#domain/principal';
import { describeConflict, type Conflict as ScheduleConflict } from '#domain/scheduling';
import type { Technician } from '#domain/technicians';
import type { TimeRefusal } from '#domain/time-entries';
import type { TransitionRefusal, TransitionRequest, WorkOrder } from '#domain/work-orders';
import { Conflict, Forbidden, Unprocessable, ValidationFailed } from '#platform/errors';

// ── Work: work orders, requests, schedule, technicians, time entries, maintenance, documents ──

/**
 * A refused workflow move: 409 INVALID_TRANSITION with the moves that exist, 403 for a
 * move the caller may not make, 422 COMPLETION_INCOMPLETE naming what is missing, 400
 * for a checklist answer that does not fit its item.
 */
export function refuseTransition(refusal: TransitionRefusal, workOrder: WorkOrder, request: TransitionRequest, who: Principal): never {
  switch (refusal.kind) {
    case 'invalid':
      throw new Conflict(`A ${workOrder.status} work order cannot move to ${request.to}`, 'INVALID_TRANSITION', { allowed: refusal.allowed });
    case 'forbidden':
      throw new Forbidden(
        who.role === 'technician' ? 'Technicians start, hold, resume and complete only the work assigned to them' : `Your role cannot move this work order to ${request.to}`,
      );
    case 'incomplete': {
      const missing = [refusal.missing.length ? `answers to ${refusal.missing.join(', ')}` : '', refusal.signatureMissing ? 'a signature' : ''].filter(Boolean);
      throw new Unprocessable(`Completion needs ${missing.join(' and ')}`, 'COMPLETION_INCOMPLETE');
    }
    case 'bad-answer':
      throw new ValidationFailed(refusal.detail, [{ path: 'body.checklist', message: refusal.detail }]);
  }
}

/** A visit that collides with the technician's other visits or working hours: 409 SCHEDULE_CONFLICT listing every conflict. */
export function refuseScheduleConflicts(technician: Pick<Technician, 'name'>, conflicts: readonly ScheduleConflict[]): never {
  throw new Conflict(`${technician.name} cannot take this visit: ${conflicts.map(describeConflict).join('; ')}`, 'SCHEDULE_CONFLICT', { conflicts });
}

/** A time entry whose span does not hold (no end nor minutes, end before start, too long, in the future): 400 on the field at fault. */
export function refuseTimeSpan(refusal: TimeRefusal): never {
  throw new ValidationFailed(`The time entry is not valid: ${refusal.message}`, [refusal]);
}

// ── People: users, clients, sign-in, settings, API keys, machine clients, partner apps ──

// ── Network: sites, assets, sensors, telemetry, alerts, rules, webhooks, forecasts ──

