/**
 * The outbox relay in the CDK stack, from the app model's stream consumer: the table's
 * stream (NEW_IMAGE), an event source mapping filtered to inserted outbox items with
 * partial batch failures, bisect on error, the model's retries and an on-failure queue,
 * and least-privilege grants (stream reads, the app table, send to the domain event queues only).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { queueUrlVariable } from '#lib/cloud/hydrant-function';
import { DOMAIN_EVENT_QUEUES } from '#lib/model/events';
import { appModel } from '#lib/model/index';
import { OUTBOX_RELAY } from '#lib/model/routes/webhooks';
import { actionsOf, logicalId, render, resourcesOf, roleStatements, synthHydrant, type Synthesised } from './synth';

let synth: Synthesised;

beforeAll(() => {
  synth = synthHydrant();
});

describe('outbox relay', () => {
  it('is declared in the app model as a stream consumer of outbox-event inserts sending to DOMAIN_EVENT_QUEUES', () => {
    expect(appModel.streamConsumers).toContain(OUTBOX_RELAY);
    expect(OUTBOX_RELAY.fn.access.sendsTo).toEqual([...DOMAIN_EVENT_QUEUES]);
  });

  it('turns on the application table\'s stream with NEW_IMAGE', () => {
    const table = resourcesOf(synth.template, 'AWS::DynamoDB::Table')[logicalId(synth.stack, synth.stack.stateful.tables.app)]!;
    expect(table.Properties!.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
  });

  it('maps the stream to the relay with a filter on outbox inserts, partial failures, bisect, retries and an on-failure queue', () => {
    const { fn, onFailure } = synth.stack.stateless.streamConsumers.get('outbox-relay')!;
    const mappings = Object.values(resourcesOf(synth.template, 'AWS::Lambda::EventSourceMapping')).filter(
      (m) => (m.Properties!.FunctionName as { Ref: string }).Ref === logicalId(synth.stack, fn.function),
    );
    expect(mappings).toHaveLength(1);
    const props = mappings[0]!.Properties!;
    expect(render(props.EventSourceArn)).toBe(`<${logicalId(synth.stack, synth.stack.stateful.tables.app)}.StreamArn>`);
    expect(props).toMatchObject({
      BatchSize: OUTBOX_RELAY.batchSize,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: OUTBOX_RELAY.maxRetryAttempts,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'TRIM_HORIZON',
    });
    expect(render(props.DestinationConfig.OnFailure.Destination)).toBe(`<${logicalId(synth.stack, onFailure)}.Arn>`);
    const filter = JSON.parse(props.FilterCriteria.Filters[0].Pattern);
    expect(filter).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['outbox-event'] } } } });
    const queue = resourcesOf(synth.template, 'AWS::SQS::Queue')[logicalId(synth.stack, onFailure)]!;
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
  });

  it('grants the relay the stream reads, its table access and SendMessage on events and notifications only', () => {
    const { fn, onFailure } = synth.stack.stateless.streamConsumers.get('outbox-relay')!;
    const statements = roleStatements(synth.template, logicalId(synth.stack, fn.role as never));
    const actions = actionsOf(statements);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:UpdateItem']));
    const sendTargets = statements
      .filter((s) => actionsOf([s]).some((a) => a === 'sqs:SendMessage'))
      .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map(render));
    const expected = DOMAIN_EVENT_QUEUES.map((q) => `<${logicalId(synth.stack, synth.stack.stateless.queues.get(q)!.queue)}.Arn>`);
    expect(new Set(sendTargets)).toEqual(new Set([...expected, `<${logicalId(synth.stack, onFailure)}.Arn>`]));
    expect(actions.some((a) => a.startsWith('kms:') || a === 'dynamodb:DeleteTable' || a === 'sqs:*')).toBe(false);
    const env = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, fn.function)]!.Properties!.Environment.Variables;
    for (const q of DOMAIN_EVENT_QUEUES) expect(env[queueUrlVariable(q)]).toBeDefined();
  });
});
