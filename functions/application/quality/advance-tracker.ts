/**
 * One step of an exceedance tracker, committed: the step lab imports and the alert evaluator share.
 * Steps:
 *   1. read the tracker's state and the exceedance it keeps open;
 *   2. judge the observations newer than its last one against the bound (`trackExceedances`);
 *   3. for a sensor's readings, raise an alert for each exceedance opened (under the alert
 *      rule `exceedanceAlertRule` names; with a work order when the limit's set asks for one)
 *      and clear the alert of each exceedance closed (both at once for one that opened and
 *      ended within the same readings);
 *   4. commit the tracker, the exceedances, the alerts with their `alert.raised` /
 *      `alert.cleared` events and the work orders in one transaction conditioned on the
 *      tracker's version; another writer moved it meanwhile: from step 1 again.
 */
import { ulid } from 'ulid';
import { alertPut, getAlert } from '#adapters/dynamodb/alerts-repository';
import { commitTrackerStep, getExceedance, getTracker, StaleTracker } from '#adapters/dynamodb/exceedances-repository';
import type { TransactItem } from '#adapters/dynamodb/entity-repository';
import { outboxPut } from '#adapters/dynamodb/outbox';
import { alertOnceKey, workOrderCreationItems } from '#adapters/dynamodb/work-orders-repository';
import { alertEvent, clearedAlert, raisedAlert, type AlertedSensor } from '#domain/alerts/alerts';
import type { Severity } from '#domain/alerts/rules';
import { exceedanceAlertRule, trackExceedances, type Exceedance, type ExceedanceSubject, type Observation } from '#domain/quality/exceedances';
import type { AppliedBound } from '#domain/quality/limit-sets';
import { newWorkOrder, workOrderCreatedEvent, workOrderForAlert } from '#domain/work-orders';

const MAX_ATTEMPTS = 4;

export interface TrackerInput {
  /** `SENSOR#<id>` or `POINT#<id>`. */
  readonly stream: string;
  readonly subject: ExceedanceSubject;
  readonly bound: 'min' | 'max';
  readonly limit: AppliedBound;
  readonly observations: readonly Observation[];
  /** For a sensor's readings: the sensor its alerts are about, and how they are raised. */
  readonly alerting?: { readonly sensor: AlertedSensor; readonly severity: Severity; readonly openWorkOrder: boolean };
}

export async function advanceTracker(tenantId: string, input: TrackerInput, now: Date): Promise<{ opened: number; closed: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await advanceOnce(tenantId, input, now);
    } catch (error) {
      if (!(error instanceof StaleTracker) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function advanceOnce(tenantId: string, input: TrackerInput, now: Date): Promise<{ opened: number; closed: number }> {
  const at = now.toISOString();
  const tracker = { stream: input.stream, parameter: input.subject.parameter, bound: input.bound };
  const state = await getTracker(tenantId, tracker.stream, tracker.parameter, tracker.bound);
  const open = state.openId ? ((await getExceedance(tenantId, state.openId)) ?? null) : null;
  const step = trackExceedances(state, open, input.observations, input.subject, input.bound, input.limit, ulid, at);
  if (step.changed.length === 0 && step.state.lastTs === state.lastTs) return { opened: 0, closed: 0 };
  const extra: TransactItem[] = [];
  let changed: Exceedance[] = [...step.changed];
  if (input.alerting) {
    const alerting = input.alerting;
    changed = await Promise.all(
      changed.map(async (e) => {
        if (step.opened.includes(e.id)) {
          const exceedance = { ...e, alertId: ulid() };
          extra.push(...raiseItems(tenantId, exceedance, alerting, step.closed.includes(e.id), at));
          return exceedance;
        }
        if (step.closed.includes(e.id) && e.alertId) extra.push(...(await clearItems(tenantId, e, at)));
        return e;
      }),
    );
  }
  await commitTrackerStep(tenantId, tracker, step.state, changed, extra);
  return { opened: step.opened.length, closed: step.closed.length };
}

const reasonOf = (e: Exceedance) => `${e.parameter} ${e.bound === 'max' ? 'above' : 'below'} ${e.limit.value} ${e.unit}`;

/**
 * The alert of an opened exceedance, its event, and the work order its set asks for; an
 * exceedance that also ended within the step gets its alert raised and cleared at once.
 */
function raiseItems(tenantId: string, e: Exceedance, alerting: NonNullable<TrackerInput['alerting']>, ended: boolean, at: string): TransactItem[] {
  const rule = exceedanceAlertRule(e, alerting);
  const alert = raisedAlert(rule, alerting.sensor, { at: Date.parse(e.start), value: e.worst.value, reason: reasonOf(e), alertId: e.alertId as string }, at);
  const events = [alertEvent(ulid(), 'alert.raised', tenantId, alert, at)];
  const stored = ended ? clearedAlert(alert, clearing(e), at) : alert;
  if (ended) events.push(alertEvent(ulid(), 'alert.cleared', tenantId, stored, at));
  const items = [alertPut(tenantId, stored), ...events.map((event) => outboxPut(tenantId, event))];
  if (alert.workOrderRequested) {
    const workOrder = newWorkOrder(ulid(), workOrderForAlert(alert), { assetId: null, siteId: alert.siteId, clientId: alert.clientId }, 'alert-evaluator', at);
    items.push(...workOrderCreationItems(tenantId, workOrder, { onceKey: alertOnceKey(alert.id), events: [workOrderCreatedEvent(ulid(), tenantId, workOrder, at)] }));
  }
  return items;
}

/** What clears an exceedance's alert: the first observation back within the limit. */
const clearing = (e: Exceedance) => ({ at: Date.parse(e.end as string), value: null, reason: `${reasonOf(e)} no longer`, alertId: e.alertId as string });

/** The clearing of a closed exceedance's alert (nothing when it is gone or already cleared). */
async function clearItems(tenantId: string, e: Exceedance, at: string): Promise<TransactItem[]> {
  const alert = await getAlert(tenantId, e.alertId as string);
  if (!alert || alert.status === 'cleared') return [];
  const cleared = clearedAlert(alert, clearing(e), at);
  return [alertPut(tenantId, cleared, alert.version), outboxPut(tenantId, alertEvent(ulid(), 'alert.cleared', tenantId, cleared, at))];
}
