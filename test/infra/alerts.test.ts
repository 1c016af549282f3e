/**
 * The alert workers as the real app model deploys them: the evaluator consumes
 * telemetry-events with partial batch responses and a timeout below the visibility
 * timeout; the no-data check runs every minute; both read and write the application
 * table through the model's least-privilege grant.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { appModel } from '#lib/model/index';
import { logicalId, resourcesOf, synthHydrant, tableGrants, type Synthesised } from './synth';

let synth: Synthesised;

beforeAll(() => {
  synth = synthHydrant();
});

describe('alert workers', () => {
  it('the evaluator consumes telemetry-events, reports per-record failures, and times out before the message is visible again', () => {
    const decl = appModel.queues.find((q) => q.name === 'telemetry-events')!;
    expect(decl.consumer?.handler).toBe('workers/alert-evaluator');
    const consumer = synth.stack.stateless.consumers.get('telemetry-events')!;
    const queue = synth.stack.stateless.queues.get('telemetry-events')!;
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(synth.stack, consumer.function) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(synth.stack, queue.queue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const timeout = resourcesOf(synth.template, 'AWS::Lambda::Function')[logicalId(synth.stack, consumer.function)]!.Properties!.Timeout as number;
    const visibility = resourcesOf(synth.template, 'AWS::SQS::Queue')[logicalId(synth.stack, queue.queue)]!.Properties!.VisibilityTimeout as number;
    expect(timeout).toBeLessThan(visibility);
  });

  it('the no-data check is scheduled every minute', () => {
    const fn = synth.stack.stateless.scheduleFunctions.get('alert-no-data')!;
    const rules = Object.values(resourcesOf(synth.template, 'AWS::Events::Rule')).filter((r) =>
      (r.Properties!.Targets as { Arn: unknown }[]).some((t) => JSON.stringify(t.Arn).includes(logicalId(synth.stack, fn.function))),
    );
    expect(rules.map((r) => r.Properties!.ScheduleExpression)).toEqual(['rate(1 minute)']);
  });

  it('both read and write the application table and its indexes, with nothing granted on every resource', () => {
    const table = logicalId(synth.stack, synth.stack.stateful.table);
    for (const fn of [synth.stack.stateless.consumers.get('telemetry-events')!, synth.stack.stateless.scheduleFunctions.get('alert-no-data')!]) {
      const grants = tableGrants(synth.template, logicalId(synth.stack, fn.role), table);
      expect(grants.table).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem']));
      expect(grants.indexes).toContain('dynamodb:Query');
      expect(grants.anywhere).toEqual([]);
    }
  });
});
