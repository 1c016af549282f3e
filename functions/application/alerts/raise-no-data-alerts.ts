/**
 * Raise the no-data alerts of sensors that went silent (the every-minute schedule's use
 * case). The next reading clears them (in the evaluator).
 *
 * Steps, for each enabled no-data rule of every tenant:
 *   1. the sensors it watches: its own sensor, or the active sensors of its kind at its
 *      site, plus any sensor it already has a state for (heard from before);
 *   2. per pair, judge the silence at `now` (counted from the rule's last change for a
 *      sensor that never sent anything);
 *   3. a silent sensor still registered in the rule's tenant gets an alert, committed like
 *      the evaluator's, conditioned on the pair's state so a reading arriving meanwhile
 *      wins (counted as `raced`; the next run looks again).
 * A pair that fails is logged and the run goes on; the run then throws (the alarm fires).
 */
import { ulid } from 'ulid';
import { commitTransition } from '#adapters/dynamodb/alert-transitions';
import { noDataRules } from '#adapters/dynamodb/alert-rules-repository';
import { pairStatesOfRule, StalePairState } from '#adapters/dynamodb/alerts-repository';
import { findSensorDirectoryEntry, sensorsOfSite } from '#adapters/dynamodb/sensors-repository';
import { evaluateSilence, type EvaluationState } from '#domain/alerts/evaluate';
import type { AlertRule } from '#domain/alerts/rules';
import { logger } from '#platform/observability';

/** The sensors a no-data rule watches, with their states (undefined: never received anything). */
async function watchedPairs(tenantId: string, rule: AlertRule): Promise<Array<{ sensorId: string; state: EvaluationState | undefined }>> {
  const seen = await pairStatesOfRule(tenantId, rule.id);
  const ids =
    rule.sensorId !== null
      ? [rule.sensorId]
      : (await sensorsOfSite(tenantId, rule.siteId as string)).filter((s) => s.kind === rule.kind && s.status === 'active').map((s) => s.id);
  const unseen = ids.filter((id) => !seen.some((p) => p.sensorId === id));
  return [...seen, ...unseen.map((sensorId) => ({ sensorId, state: undefined }))];
}

/** Checks every no-data rule at `now`; `processed` is how many alerts it raised. */
export async function raiseNoDataAlerts(now: Date): Promise<{ processed: number; details: { rules: number; pairs: number; raced: number } }> {
  const rules = await noDataRules();
  let raised = 0;
  let pairs = 0;
  let raced = 0;
  const failures: unknown[] = [];
  for (const { tenantId, rule } of rules) {
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
          raced++;
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
