/**
 * Every minute: raises the no-data alerts of sensors that went silent. For each
 * enabled no-data rule of every tenant, the sensors it watches (its own sensor, or
 * the sensors of its kind at its site, registered or already heard from); each
 * silent one gets an alert, committed like the evaluator's, conditioned on the
 * pair's state so a reading arriving meanwhile wins. The next reading clears it
 * (in the evaluator).
 */
import { ulid } from 'ulid';
import { findSensorDirectoryEntry, sensorsOfSite } from '#adapters/dynamodb/sensors-repository';
import { noDataRules } from '#adapters/dynamodb/alert-rules-repository';
import { commitTransition } from '#adapters/dynamodb/alert-transitions';
import { pairStatesOfRule, StalePairState } from '#adapters/dynamodb/alerts-repository';
import { evaluateSilence, type EvaluationState } from '#domain/alerts/evaluate';
import type { AlertRule } from '#domain/alerts/rules';
import { logger } from '#platform/observability';
import { scheduledWorker } from '#platform/scheduled-worker';

/**
 * The sensors a no-data rule watches, with their states (undefined: never received
 * anything): its own sensor, or the sensors of its kind at its site, plus any sensor
 * it already has a state for.
 */
async function watchedPairs(tenantId: string, rule: AlertRule): Promise<Array<{ sensorId: string; state: EvaluationState | undefined }>> {
  const seen = await pairStatesOfRule(tenantId, rule.id);
  const ids =
    rule.sensorId !== null
      ? [rule.sensorId]
      : (await sensorsOfSite(tenantId, rule.siteId as string)).filter((s) => s.kind === rule.kind && s.status === 'active').map((s) => s.id);
  const unseen = ids.filter((id) => !seen.some((p) => p.sensorId === id));
  return [...seen, ...unseen.map((sensorId) => ({ sensorId, state: undefined }))];
}

/** Checks every no-data rule at `now`; returns how many alerts it raised. */
export async function raiseNoDataAlerts(now: Date): Promise<{ processed: number; details: { rules: number; pairs: number; raced: number } }> {
  const rules = await noDataRules();
  let raised = 0;
  let pairs = 0;
  let raced = 0;
  const failures: unknown[] = [];
  for (const { tenantId, rule } of rules) {
    // Silence is counted from the rule's last change for sensors that never sent anything.
    const since = Date.parse(rule.updatedAt);
    for (const pair of await watchedPairs(tenantId, rule)) {
      pairs++;
      const transition = evaluateSilence(rule.condition, pair.state, now.getTime(), since, ulid);
      if (!transition) continue;
      try {
        const sensor = await findSensorDirectoryEntry(pair.sensorId);
        if (!sensor || sensor.tenantId !== tenantId) continue; // deleted or re-registered elsewhere: nothing to watch
        await commitTransition(tenantId, rule, sensor, transition, pair.state?.version ?? 0, now);
        raised++;
      } catch (error) {
        if (error instanceof StalePairState) {
          raced++; // data arrived meanwhile; the next run looks again
          continue;
        }
        logger.error('No-data check failed', { tenantId, ruleId: rule.id, sensorId: pair.sensorId, error: error as Error });
        failures.push(error);
      }
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} no-data check(s) failed`);
  return { processed: raised, details: { rules: rules.length, pairs, raced } };
}

export const handler = scheduledWorker('AlertNoData', async (_event, now) => raiseNoDataAlerts(now));
