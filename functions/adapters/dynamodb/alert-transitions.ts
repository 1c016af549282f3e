/**
 * Commits what evaluation decided: a raise or a clear of one (rule, sensor) pair,
 * with the records that go with it (the outbox event, which the notifications worker
 * turns into the managers' notifications; the work order a rule with `openWorkOrder`
 * opens), in one transaction conditioned on the pair's state.
 * Used by the evaluator, the no-data schedule and the rule routes (a rule deleted
 * or disabled clears its open alerts).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ulid } from 'ulid';
import { alertEvent, clearedAlert, pressureTransientEvent, raisedAlert, sensorOfflineEvent, type AlertedSensor } from '#domain/alerts/alerts';
import type { EvaluationState, Transition } from '#domain/alerts/evaluate';
import type { AlertRule } from '#domain/alerts/rules';
import { newWorkOrder, workOrderForAlert } from '#domain/work-orders';
import { logger, metrics } from '#platform/observability';
import { outboxPut } from './outbox';
import { alertOnceKey, workOrderCreationItems } from './work-orders-repository';
import { commitClear, commitRaise, getAlert, getPairState, pairStatesOfRule, savePairState, StalePairState } from './alerts-repository';

/**
 * Commits one raise or clear with the pair's state read at `readVersion`. A clear whose alert no longer exists or is already cleared
 * only saves the state.
 */
export async function commitTransition(
  tenantId: string,
  rule: AlertRule,
  sensor: AlertedSensor,
  transition: Transition,
  readVersion: number,
  now: Date,
): Promise<'raised' | 'cleared' | 'state-only'> {
  const at = now.toISOString();
  if (transition.kind === 'raise') {
    const alert = raisedAlert(rule, sensor, transition, at);
    // A rule with openWorkOrder opens its work order in the same transaction as the
    // alert, guarded by a once-key on the alert id: one work order per alert, never two.
    const workOrder = alert.workOrderRequested
      ? newWorkOrder(ulid(), workOrderForAlert(alert), { assetId: null, siteId: alert.siteId, clientId: alert.clientId }, 'alert-evaluator', at)
      : undefined;
    // A no-data alert also says `sensor.offline`, in the same transaction.
    const lastReadingAt = transition.state.lastTs === null ? null : new Date(transition.state.lastTs).toISOString();
    const offline = sensorOfflineEvent(ulid(), tenantId, alert, lastReadingAt);
    // A transient alert also says `pressure.transient`.
    const transient = pressureTransientEvent(ulid(), tenantId, alert);
    const extraItems = [
      ...(offline ? [outboxPut(tenantId, offline)] : []),
      ...(transient ? [outboxPut(tenantId, transient)] : []),
      ...(workOrder
        ? workOrderCreationItems(tenantId, workOrder, {
            onceKey: alertOnceKey(alert.id),
            events: [{ id: ulid(), type: 'work_order.created', occurredAt: at, tenant: tenantId, data: workOrder }],
          })
        : []),
    ];
    await commitRaise(tenantId, rule.id, readVersion, transition.state, alert, {
      event: alertEvent(ulid(), 'alert.raised', tenantId, alert, at),
      ...(extraItems.length ? { extraItems } : {}),
    });
    metrics.addMetric('AlertsRaised', MetricUnit.Count, 1);
    logger.info('Alert raised', { alertId: alert.id, ruleId: rule.id, sensorId: sensor.sensorId, tenantId });
    return 'raised';
  }
  const alert = await getAlert(tenantId, transition.alertId);
  if (!alert || alert.status === 'cleared') {
    await savePairState(tenantId, rule.id, sensor.sensorId, { ...transition.state, version: readVersion });
    return 'state-only';
  }
  const cleared = clearedAlert(alert, transition, at);
  await commitClear(tenantId, rule.id, readVersion, transition.state, cleared, alert.version, {
    event: alertEvent(ulid(), 'alert.cleared', tenantId, cleared, at),
  });
  metrics.addMetric('AlertsCleared', MetricUnit.Count, 1);
  logger.info('Alert cleared', { alertId: alert.id, ruleId: rule.id, sensorId: sensor.sensorId, tenantId });
  return 'cleared';
}

/**
 * Clears every alert a rule keeps open, with `reason` (the rule was deleted or
 * disabled: nothing would ever clear them). Each pair is cleared on its own, from a
 * fresh read when another writer changed it meanwhile.
 * @returns how many alerts were cleared
 */
export async function clearOpenAlertsOfRule(tenantId: string, rule: AlertRule, reason: string, now: Date): Promise<number> {
  let cleared = 0;
  for (const pair of await pairStatesOfRule(tenantId, rule.id)) {
    let state: EvaluationState | undefined = pair.state;
    for (let attempt = 1; state && state.openAlertId !== null; attempt++) {
      const alert = await getAlert(tenantId, state.openAlertId);
      // Without its alert, only the sensor id is used (to save the state).
      // A pair's alert is a sensor alert: its site and kind are set.
      const sensor: AlertedSensor = alert ? { sensorId: pair.sensorId, siteId: alert.siteId as string, kind: alert.kind as AlertedSensor['kind'], clientId: alert.clientId } : ({ sensorId: pair.sensorId } as AlertedSensor);
      try {
        if ((await commitTransition(tenantId, rule, sensor, closing(state, reason, now), state.version, now)) === 'cleared') cleared++;
        break;
      } catch (error) {
        if (!(error instanceof StalePairState) || attempt >= 3) throw error;
        state = await getPairState(tenantId, rule.id, pair.sensorId);
      }
    }
  }
  return cleared;
}

function closing(state: EvaluationState, reason: string, now: Date): Transition {
  return { kind: 'clear', at: now.getTime(), value: null, reason, alertId: state.openAlertId as string, state: { ...state, openAlertId: null } };
}
