/**
 * The connectors in the CDK stack: the event dispatcher and the run worker consume their
 * queues with partial batch failures and a DLQ; the hourly schedule; least privilege (the
 * run worker alone may open and seal credentials, under the encryption context of its key,
 * and sends nowhere; the dispatcher and the schedule only read the table and send to
 * `connector-runs`); the relay sends every domain event to `connector-events` too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { queueUrlVariable } from '#lib/cloud/hydrant-function';
import { DOMAIN_EVENT_QUEUES } from '#lib/model/events';
import { CONNECTOR_EVENTS_QUEUE, CONNECTOR_RUNS_QUEUE } from '#lib/model/routes/connectors';
import { actionsOf, logicalId, render, resourcesOf, roleStatements, synthHydrant, type Synthesised } from './synth';

let synth: Synthesised;

beforeAll(() => {
  synth = synthHydrant();
});

const fnOf = (f: { function: unknown }) => resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, f.function as never)]!;
const statementsOf = (f: { role: unknown }) => roleStatements(synth.template, logicalId(synth.stack, f.role as never));
const sendTargets = (f: { role: unknown }) =>
  statementsOf(f)
    .filter((s) => actionsOf([s]).includes('sqs:SendMessage'))
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map(render));
const queueArn = (name: 'connector-runs' | 'connector-events') => `<${logicalId(synth.stack, synth.stack.stateless.queues.get(name)!.queue)}.Arn>`;

describe('connector workers', () => {
  it('consume connector-events and connector-runs with partial batch failures, a DLQ and a timeout below the visibility timeout', () => {
    for (const decl of [CONNECTOR_EVENTS_QUEUE, CONNECTOR_RUNS_QUEUE]) {
      const consumer = synth.stack.stateless.consumers.get(decl.name)!;
      const queue = synth.stack.stateless.queues.get(decl.name)!;
      synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalId(synth.stack, consumer.function) },
        EventSourceArn: { 'Fn::GetAtt': [logicalId(synth.stack, queue.queue), 'Arn'] },
        BatchSize: decl.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const props = resourcesOf(synth.template, 'AWS::SQS::Queue')[logicalId(synth.stack, queue.queue)]!.Properties!;
      expect(props.RedrivePolicy.maxReceiveCount).toBe(decl.maxReceiveCount);
      expect(fnOf(consumer).Properties!.Timeout).toBeLessThan(props.VisibilityTimeout as number);
    }
  });

  it('runs connectors one message at a time per connector, at most 5 at once', () => {
    const consumer = synth.stack.stateless.consumers.get('connector-runs')!;
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(synth.stack, consumer.function) },
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('schedules the due syncs every hour', () => {
    const fn = synth.stack.stateless.scheduleFunctions.get('connector-sync')!;
    const rules = Object.values(resourcesOf(synth.template, 'AWS::Events::Rule')).filter((r) =>
      (r.Properties!.Targets as { Arn: unknown }[]).some((t) => JSON.stringify(t.Arn).includes(logicalId(synth.stack, fn.function))),
    );
    expect(rules.map((r) => r.Properties!.ScheduleExpression)).toEqual(['rate(1 hour)']);
  });

  it('lets only the run worker and the OAuth routes open credentials, under the key and its encryption context', () => {
    const key = `<${logicalId(synth.stack, synth.stack.stateful.webhookSecretsKey)}.Arn>`;
    // Statements on the credentials' key (the run worker also reads the documents bucket, whose key is another).
    const kmsOf = (f: { role: unknown }) => statementsOf(f).filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')) && render(s.Resource) === key);
    const run = synth.stack.stateless.consumers.get('connector-runs')!;
    const [statement, ...others] = kmsOf(run);
    expect(others).toEqual([]);
    expect(actionsOf([statement!]).sort()).toEqual(['kms:Decrypt', 'kms:Encrypt']);
    expect(statement!.Condition).toEqual({ 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant', 'webhookId'] }, Null: { 'kms:EncryptionContext:webhookId': 'false' } });
    expect(sendTargets(run)).toEqual([]);
    expect(actionsOf(kmsOf(synth.stack.stateless.routeFunction('createConnector')))).toEqual(['kms:Encrypt']);
    expect(actionsOf(kmsOf(synth.stack.stateless.routeFunction('completeConnectorOAuth'))).sort()).toEqual(['kms:Decrypt', 'kms:Encrypt']);
    for (const f of [synth.stack.stateless.consumers.get('connector-events')!, synth.stack.stateless.scheduleFunctions.get('connector-sync')!, synth.stack.stateless.routeFunction('listConnectorRuns')]) {
      expect(kmsOf(f)).toEqual([]);
    }
  });

  it('lets the dispatcher and the schedule send to connector-runs only, and the relay to connector-events', () => {
    for (const f of [synth.stack.stateless.consumers.get('connector-events')!, synth.stack.stateless.scheduleFunctions.get('connector-sync')!]) {
      expect(new Set(sendTargets(f))).toEqual(new Set([queueArn('connector-runs')]));
      expect(fnOf(f).Properties!.Environment.Variables[queueUrlVariable('connector-runs')]).toBeDefined();
    }
    expect(DOMAIN_EVENT_QUEUES).toContain('connector-events');
    const relay = synth.stack.stateless.streamConsumers.get('outbox-relay')!.fn;
    expect(sendTargets(relay)).toContain(queueArn('connector-events'));
  });
});
