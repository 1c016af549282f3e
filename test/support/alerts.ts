/**
 * Alerts for tests that need one to exist: written exactly as the evaluator writes
 * them (alert, pair state, outbox event, notification in one transaction), in-process
 * against the shared local stack's table.
 */
import { inject } from 'vitest';
import { ulid } from 'ulid';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';

let seq = 0;

/** A unique sensor code (the pattern is ^[A-Z0-9_]{2,64}$). */
export const uniqueSensorId = (prefix = 'T'): string => `${prefix}_${process.pid}_${Date.now()}_${seq++}`;

/** Raises an active threshold alert on a (not necessarily registered) pH sensor of `siteId`. */
export async function seedActiveAlert(siteId: string, clientId: string | null, tenantId = DEMO_TENANT_ID): Promise<{ id: string; sensorId: string }> {
  Object.assign(process.env, inject('stackEnv'));
  const { commitTransition } = await import('#adapters/dynamodb/alert-transitions');
  const { evaluateReadings } = await import('#domain/alerts/evaluate');
  const { newAlertRule } = await import('#domain/alerts/rules');
  const now = new Date();
  const rule = newAlertRule(
    ulid(),
    { name: 'Fixture pH rule', siteId, kind: 'ph', condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.2 }, severity: 'minor', enabled: true, openWorkOrder: false },
    now.toISOString(),
  );
  const sensorId = uniqueSensorId('FIX');
  const evaluation = evaluateReadings(rule.condition, undefined, [{ ts: now.getTime(), value: 9.2 }], now.getTime(), ulid);
  const raise = evaluation.transitions[0];
  if (!raise) throw new Error('fixture: the reading did not raise');
  await commitTransition(tenantId, rule, { sensorId, siteId, kind: 'ph', clientId }, raise, 0, now);
  return { id: raise.alertId, sensorId };
}

/** Items of a GSI1 partition whose attribute `attr` equals `value` (test-side check of what the worker wrote). */
export async function itemsWhere(partition: string, attr: string, value: string): Promise<Record<string, any>[]> {
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const { documentClient, tableName } = await import('#adapters/dynamodb/client');
  const out: Record<string, any>[] = [];
  let startKey: Record<string, any> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        FilterExpression: '#a = :v',
        ExpressionAttributeNames: { '#a': attr },
        ExpressionAttributeValues: { ':pk': partition, ':v': value },
        ExclusiveStartKey: startKey,
      }),
    );
    out.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}
