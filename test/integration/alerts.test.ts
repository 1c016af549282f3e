/**
 * Alerts on the shared local stack: rules over HTTP; the evaluator in-process with
 * SQS-shaped batches; the no-data schedule; acknowledgement and client visibility;
 * the outbox events and notifications written with each change; and, end to end,
 * a burst posted to /v1/telemetry raising one alert through the queue.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from '../support/api';
import { itemsWhere, uniqueSensorId } from '../support/alerts';
import { eventually as waitFor } from '../support/eventually';
import { ACME, fixtureSite } from '../support/route-fixtures';

let manager: string;
let technician: string;
let admin: string;
let client: string;
let otherClient: string;

beforeAll(async () => {
  Object.assign(process.env, inject('stackEnv'));
  [manager, technician, admin, client, otherClient] = await Promise.all([
    tokenFor(USERS.manager),
    tokenFor(USERS.technician),
    tokenFor(USERS.admin),
    tokenFor(USERS.client),
    tokenFor(USERS.otherClient),
  ]);
});

/** A pH sensor registered in the demo tenant on a new Acme site (repository in-process: no device provisioning). */
async function registerSensor(): Promise<{ sensorId: string; siteId: string }> {
  const site = await fixtureSite();
  const { createSensor } = await import('#adapters/dynamodb/sensors-repository');
  const { newSensor } = await import('#domain/sensors');
  const sensorId = uniqueSensorId('PH');
  await createSensor(DEMO_TENANT_ID, newSensor({ id: sensorId, kind: 'ph', siteId: site.id, sampleIntervalSeconds: 60, status: 'active' }, ACME, new Date().toISOString()));
  return { sensorId, siteId: site.id };
}

async function createRule(body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await call('POST', '/v1/alert-rules', { token: manager, body: { name: `Rule ${Date.now()}`, severity: 'major', ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Who the manager is in its access token: what an acknowledgement records. */
const managerIdentity = () => {
  const claims = decodeJwt(manager);
  return { subject: claims.sub, username: (claims.username as string | undefined) ?? null };
};

let messageSeq = 0;
const sqsEvent = (bodies: unknown[]): SQSEvent => ({
  Records: bodies.map((body) => ({
    messageId: `m-${process.pid}-${messageSeq++}`,
    receiptHandle: 'r',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'test', ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:telemetry-events',
    awsRegion: 'us-east-1',
  })),
});
const context = { getRemainingTimeInMillis: () => 30_000, awsRequestId: 'test', functionName: 'alert-evaluator' } as unknown as Context;

async function deliver(bodies: unknown[]) {
  const { handler: evaluateBatch } = await import('#workers/alert-evaluator');
  return evaluateBatch(sqsEvent(bodies), context);
}

const burst = (sensorId: string, values: number[], start = Date.now() - 60_000) => ({
  sensorId,
  readings: values.map((value, i) => ({ ts: new Date(start + i * 1000).toISOString(), value })),
});

async function alertsOf(sensorId: string, token = manager) {
  const res = await call('GET', `/v1/alerts?sensorId=${sensorId}&limit=100`, { token });
  expect(res.status).toBe(200);
  return res.body.data as Array<Record<string, any>>;
}

const outboxEventsOf = async (alertId: string) =>
  (await itemsWhere(`T#${DEMO_TENANT_ID}#OUTBOX`, 'type', 'alert.raised'))
    .concat(await itemsWhere(`T#${DEMO_TENANT_ID}#OUTBOX`, 'type', 'alert.cleared'))
    .filter((e) => e.data?.id === alertId);

describe('alert rules', () => {
  it('are created, read, listed, updated with If-Match and deleted by staff; technicians only read', async () => {
    const { sensorId, siteId } = await registerSensor();
    const rule = await createRule({ sensorId, condition: { type: 'anomaly' } });
    expect(rule).toMatchObject({ sensorId, siteId: null, kind: null, enabled: true, openWorkOrder: false, condition: { type: 'anomaly', k: 3, windowMinutes: 60, minSamples: 10 } });
    const siteRule = await createRule({ siteId, kind: 'ph', condition: { type: 'threshold', comparison: 'below', value: 6.5, deadband: 0.2 } });
    expect((await call('GET', `/v1/alert-rules/${rule.id}`, { token: technician })).body.id).toBe(rule.id);
    const listed = await call('GET', `/v1/alert-rules?siteId=${siteId}`, { token: technician });
    expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual([siteRule.id]);
    expect((await call('PATCH', `/v1/alert-rules/${rule.id}`, { token: technician, body: { enabled: false } })).status).toBe(403);
    const stale = await call('PATCH', `/v1/alert-rules/${rule.id}`, { token: manager, body: { enabled: false }, headers: { 'if-match': '"999"' } });
    expect(stale.status).toBe(412);
    const patched = await call('PATCH', `/v1/alert-rules/${rule.id}`, { token: manager, body: { enabled: false, severity: 'critical' } });
    expect(patched.body).toMatchObject({ enabled: false, severity: 'critical', version: 2, sensorId });
    expect((await call('DELETE', `/v1/alert-rules/${rule.id}`, { token: manager })).status).toBe(204);
    expect((await call('GET', `/v1/alert-rules/${rule.id}`, { token: manager })).status).toBe(404);
  });

  it('refuse an unknown sensor or site, a mixed scope, and an invalid condition', async () => {
    const site = await fixtureSite();
    const cond = { type: 'threshold', comparison: 'above', value: 1 };
    const bad = [
      { sensorId: 'NO_SUCH_SENSOR_XYZ', condition: cond },
      { siteId: '01JC8Y5T00000000000000NOPE', kind: 'ph', condition: cond },
      { sensorId: 'PH_001', siteId: site.id, kind: 'ph', condition: cond },
      { siteId: site.id, condition: cond },
      { siteId: site.id, kind: 'ph', condition: { type: 'duration', comparison: 'above', value: 1 } },
      { siteId: site.id, kind: 'ph', condition: { type: 'anomaly', k: -1 } },
      { siteId: site.id, kind: 'ph', condition: { type: 'noData', minutes: 0 } },
    ];
    for (const body of bad) {
      const res = await call('POST', '/v1/alert-rules', { token: manager, body: { name: 'Bad', severity: 'minor', ...body } });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('the alert evaluator (in-process, SQS batches)', () => {
  it('raises one alert for a burst above the threshold, delivered twice; acknowledges; clears past the deadband', async () => {
    const { sensorId, siteId } = await registerSensor();
    const rule = await createRule({ sensorId, condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.3 }, openWorkOrder: true });
    const start = Date.now() - 120_000;
    const message = burst(sensorId, [7.2, 8.9, 9.1, 9.3], start);

    expect(await deliver([message])).toEqual({ batchItemFailures: [] });
    expect(await deliver([message, message])).toEqual({ batchItemFailures: [] });
    const [alert, ...more] = await alertsOf(sensorId);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ status: 'active', ruleId: rule.id, sensorId, siteId, kind: 'ph', clientId: ACME, severity: 'major', conditionType: 'threshold', workOrderRequested: true });
    expect(alert!.raisedBy).toEqual({ ts: new Date(start + 1000).toISOString(), value: 8.9 });

    // Written in the same transaction: the outbox event (the notifications worker tells the managers from it) and the work order.
    const raisedEvents = await outboxEventsOf(alert!.id);
    expect(raisedEvents.map((e) => e.type)).toEqual(['alert.raised']);
    expect(raisedEvents[0]).toMatchObject({ tenant: DEMO_TENANT_ID, data: { id: alert!.id, status: 'active' } });
    expect(Object.keys(raisedEvents[0]!).filter((k) => ['id', 'type', 'occurredAt', 'tenant', 'data'].includes(k)).sort()).toEqual(['data', 'id', 'occurredAt', 'tenant', 'type']);
    // Nothing else: no pending work-order request, no role-wide notification item (nothing ever read them).
    expect(await itemsWhere(`T#${DEMO_TENANT_ID}#NOTIFICATIONS#ROLE#manager`, 'alertId', alert!.id)).toEqual([]);
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documentClient, tableName } = await import('#adapters/dynamodb/client');
    const request = await documentClient.send(new GetCommand({ TableName: tableName, Key: { PK: `T#${DEMO_TENANT_ID}#WORK_ORDER_REQUEST#${alert!.id}`, SK: 'WORK_ORDER_REQUEST' } }));
    expect(request.Item).toBeUndefined();
    // openWorkOrder: one work order for the alert, in the same transaction, however often the batch came.
    const opened = await call('GET', `/v1/work-orders?siteId=${siteId}&limit=100`, { token: manager });
    const forAlert = opened.body.data.filter((w: { sourceRef: string }) => w.sourceRef === alert!.id);
    expect(forAlert).toHaveLength(1);
    expect(forAlert[0]).toMatchObject({ source: 'alert', type: 'corrective', priority: 'high', status: 'open', siteId, clientId: ACME });

    // A manager acknowledges: who and when; a second acknowledgement is refused.
    const ack = await call('POST', `/v1/alerts/${alert!.id}/acknowledge`, { token: manager });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: managerIdentity(), version: 2 });
    expect(Date.parse(ack.body.acknowledgedAt)).toBeGreaterThan(Date.now() - 60_000);
    const again = await call('POST', `/v1/alerts/${alert!.id}/acknowledge`, { token: technician });
    expect([again.status, again.body.code]).toEqual([409, 'ALERT_NOT_ACTIVE']);

    // Inside the deadband: still open. Below threshold - deadband: cleared.
    await deliver([burst(sensorId, [8.4, 8.3], start + 10_000)]);
    expect((await alertsOf(sensorId))[0]!.status).toBe('acknowledged');
    await deliver([burst(sensorId, [8.1], start + 20_000)]);
    const [cleared] = await alertsOf(sensorId);
    expect(cleared).toMatchObject({ id: alert!.id, status: 'cleared', acknowledgedBy: managerIdentity(), clearedBy: { value: 8.1 } });
    expect(cleared!.clearedAt).not.toBeNull();
    expect((await outboxEventsOf(alert!.id)).map((e) => e.type).sort()).toEqual(['alert.cleared', 'alert.raised']);

    // Above again later: a new alert (one open at a time, not one ever).
    await deliver([burst(sensorId, [9.5], start + 30_000)]);
    expect((await alertsOf(sensorId)).map((a) => a.status)).toEqual(['active', 'cleared']);
  });

  it('clears the open alerts of a rule that is disabled or deleted (nothing would clear them any more)', async () => {
    const { sensorId } = await registerSensor();
    const disabled = await createRule({ sensorId, condition: { type: 'threshold', comparison: 'above', value: 8.5 } });
    const deleted = await createRule({ sensorId, condition: { type: 'threshold', comparison: 'above', value: 8.0 } });
    await deliver([burst(sensorId, [9])]);
    expect((await alertsOf(sensorId)).map((a) => a.status)).toEqual(['active', 'active']);
    expect((await call('PATCH', `/v1/alert-rules/${disabled.id}`, { token: manager, body: { enabled: false } })).status).toBe(200);
    expect((await call('DELETE', `/v1/alert-rules/${deleted.id}`, { token: manager })).status).toBe(204);
    const alerts = await alertsOf(sensorId);
    expect(alerts.map((a) => [a.ruleId === disabled.id ? 'disabled' : 'deleted', a.status, a.clearedBy?.reason]).sort()).toEqual([
      ['deleted', 'cleared', 'the rule was deleted'],
      ['disabled', 'cleared', 'the rule was disabled'],
    ]);
    const { pairStatesOfRule } = await import('#adapters/dynamodb/alerts-repository');
    expect(await pairStatesOfRule(DEMO_TENANT_ID, deleted.id)).toEqual([]);
    expect(await pairStatesOfRule(DEMO_TENANT_ID, disabled.id)).toHaveLength(1);
    // A disabled rule evaluates nothing (9.4: within the default rules' 6.5..9.5).
    await deliver([burst(sensorId, [9.4], Date.now() - 5000)]);
    expect((await alertsOf(sensorId)).filter((a) => a.status !== 'cleared')).toEqual([]);
  });

  it('raises one alert when evaluators race on the same readings (conditional writes on the pair state)', async () => {
    const { sensorId } = await registerSensor();
    await createRule({ sensorId, condition: { type: 'threshold', comparison: 'above', value: 8.5 } });
    const { evaluateTelemetryEvent } = await import('#application/alerts/evaluate-telemetry-event');
    const message = burst(sensorId, [8.0, 8.8, 9.2]);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => evaluateTelemetryEvent(message)));
    expect(outcomes.reduce((n, o) => n + o.raised, 0)).toBe(1);
    expect((await alertsOf(sensorId)).map((a) => a.status)).toEqual(['active']);
  });

  it('reports only the bad records of a batch as failures, and evaluates the good ones', async () => {
    const { sensorId } = await registerSensor();
    await createRule({ sensorId, condition: { type: 'threshold', comparison: 'above', value: 8.5 } });
    const event = sqsEvent(['not json', { sensorId: 'UNKNOWN_SENSOR_ZZZ', ts: Date.now(), value: 9 }, { nothing: true }, burst(sensorId, [9])]);
    const { handler: evaluateBatch } = await import('#workers/alert-evaluator');
    const res = await evaluateBatch(event, context);
    expect(res.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(event.Records.slice(0, 3).map((r) => r.messageId).sort());
    expect(await alertsOf(sensorId)).toHaveLength(1);
  });

  it('evaluates the site-and-kind rules of a sensor, and a single-reading message', async () => {
    const { sensorId, siteId } = await registerSensor();
    await createRule({ siteId, kind: 'ph', condition: { type: 'threshold', comparison: 'below', value: 6.8, deadband: 0.2 } });
    await createRule({ siteId, kind: 'chlorine', condition: { type: 'threshold', comparison: 'below', value: 100 } });
    // 6.6: under this site's 6.8, above the default rules' 6.5.
    await deliver([{ sensorId, ts: Date.now() - 1000, value: 6.6 }]);
    const alerts = await alertsOf(sensorId);
    expect(alerts.map((a) => [a.conditionType, a.status])).toEqual([['threshold', 'active']]);
  });

  it('only the client of the site sees the alert', async () => {
    const { sensorId } = await registerSensor();
    await createRule({ sensorId, condition: { type: 'threshold', comparison: 'above', value: 8.5 } });
    await deliver([burst(sensorId, [9])]);
    const [alert] = await alertsOf(sensorId);
    expect((await call('GET', `/v1/alerts/${alert!.id}`, { token: client })).status).toBe(200);
    expect((await call('GET', `/v1/alerts/${alert!.id}`, { token: otherClient })).status).toBe(404);
    expect(await alertsOf(sensorId, otherClient)).toEqual([]);
    expect((await alertsOf(sensorId, client)).map((a) => a.id)).toEqual([alert!.id]);
    const bySite = await call('GET', `/v1/alerts?siteId=${alert!.siteId}&status=active&severity=major`, { token: client });
    expect(bySite.body.data.map((a: { id: string }) => a.id)).toEqual([alert!.id]);
    expect((await call('POST', `/v1/alerts/${alert!.id}/acknowledge`, { token: client })).status).toBe(403);
  });

  it('raises a rate-of-change alert and a statistical anomaly with the state kept between messages', async () => {
    const { sensorId } = await registerSensor();
    await createRule({ sensorId, condition: { type: 'rateOfChange', perMinute: 1 } });
    await createRule({ sensorId, condition: { type: 'anomaly', k: 3, minSamples: 10 } });
    const start = Date.now() - 30 * 60_000;
    const baseline = Array.from({ length: 20 }, (_, i) => 7 + (i % 2 ? 0.05 : -0.05));
    for (let i = 0; i < baseline.length; i += 5) {
      await deliver([{ sensorId, readings: baseline.slice(i, i + 5).map((value, j) => ({ ts: start + (i + j) * 60_000, value })) }]);
    }
    expect(await alertsOf(sensorId)).toEqual([]);
    await deliver([{ sensorId, ts: start + 20 * 60_000, value: 9 }]);
    expect((await alertsOf(sensorId)).map((a) => a.conditionType).sort()).toEqual(['anomaly', 'rateOfChange']);
  });
});

describe('the no-data schedule', () => {
  it('raises once for a silent sensor, and the next reading clears it', async () => {
    const { sensorId } = await registerSensor();
    await createRule({ sensorId, condition: { type: 'noData', minutes: 5 } });
    const { raiseNoDataAlerts } = await import('#application/alerts/raise-no-data-alerts');
    await raiseNoDataAlerts(new Date());
    expect(await alertsOf(sensorId)).toEqual([]);
    const later = new Date(Date.now() + 6 * 60_000);
    await raiseNoDataAlerts(later);
    await raiseNoDataAlerts(new Date(later.getTime() + 60_000));
    const alerts = await alertsOf(sensorId);
    expect(alerts.map((a) => [a.conditionType, a.status, a.raisedBy.value])).toEqual([['noData', 'active', null]]);
    // The same transaction says `sensor.offline`, once, naming the alert; the sensor never sent anything.
    const offline = (await itemsWhere(`T#${DEMO_TENANT_ID}#OUTBOX`, 'type', 'sensor.offline')).filter((e) => (e.data as { sensorId: string }).sensorId === sensorId);
    expect(offline.map((e) => e.data)).toEqual([expect.objectContaining({ sensorId, alertId: alerts[0]!.id, lastReadingAt: null })]);
    await deliver([{ sensorId, ts: Date.now(), value: 7 }]);
    expect((await alertsOf(sensorId)).map((a) => a.status)).toEqual(['cleared']);
  });

  it('watches the sensors of a site-and-kind rule, registered or heard from', async () => {
    const { sensorId, siteId } = await registerSensor();
    await createRule({ siteId, kind: 'ph', condition: { type: 'noData', minutes: 10 } });
    const { raiseNoDataAlerts } = await import('#application/alerts/raise-no-data-alerts');
    await raiseNoDataAlerts(new Date(Date.now() + 11 * 60_000));
    expect((await alertsOf(sensorId)).map((a) => a.status)).toEqual(['active']);
  });
});

describe('end to end through the local stack', () => {
  it('a message on telemetry-events (as the IoT rule sends it) is evaluated by the local queue poller, once even if sent twice', async () => {
    const { SendMessageCommand, SQSClient } = await import('@aws-sdk/client-sqs');
    const { localClientConfig } = await import('#lib/local/emulators/aws-clients');
    const env = inject('stackEnv');
    const sqs = new SQSClient(localClientConfig(env.AWS_ENDPOINT_URL_SQS as string));
    try {
      const { sensorId } = await registerSensor();
      await createRule({ sensorId, condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.3 } });
      const body = JSON.stringify(burst(sensorId, [9.0, 9.4]));
      for (let i = 0; i < 2; i++) await sqs.send(new SendMessageCommand({ QueueUrl: env.QUEUE_URL_TELEMETRY_EVENTS, MessageBody: body }));
      const alerts = await waitFor(async () => alertsOf(sensorId), (a) => a.length > 0);
      expect(alerts.map((a) => a.status)).toEqual(['active']);
      await new Promise((r) => setTimeout(r, 2000));
      expect(await alertsOf(sensorId)).toHaveLength(1);
    } finally {
      sqs.destroy();
    }
  });

  it('a burst posted to /v1/telemetry raises one alert; posted twice, still one; a manager acknowledges; it clears', async () => {
    const { sensorId } = await registerSensor();
    await createRule({ sensorId, condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.3 } });
    const start = Date.now() - 60_000;
    const readings = [8.8, 9.0, 9.2].map((value, i) => ({ sensorId, ts: new Date(start + i * 1000).toISOString(), value }));
    const posted = await call('POST', '/v1/telemetry', { token: admin, body: { readings } });
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);
    const active = await waitFor(async () => (await alertsOf(sensorId)).filter((a) => a.status === 'active'), (a) => a.length > 0);
    expect(active).toHaveLength(1);
    expect((await call('POST', '/v1/telemetry', { token: admin, body: { readings } })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await alertsOf(sensorId)).toHaveLength(1);
    expect((await call('POST', `/v1/alerts/${active[0]!.id}/acknowledge`, { token: manager })).body.status).toBe('acknowledged');
    await call('POST', '/v1/telemetry', { token: admin, body: { readings: [{ sensorId, ts: new Date(start + 10_000).toISOString(), value: 8.0 }] } });
    const cleared = await waitFor(async () => alertsOf(sensorId), (a) => a[0]?.status === 'cleared');
    expect(cleared).toHaveLength(1);
  });
});

