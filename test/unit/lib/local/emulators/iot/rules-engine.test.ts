/**
 * The local IoT rules engine against fauxqs (in-process SQS): actions, error actions,
 * Lambda's asynchronous retries, and a stop that never hangs on a pending retry.
 */
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '#lib/local/emulators/aws-clients';
import { startFauxqs, type FauxqsEmulator } from '#lib/local/emulators/fauxqs/launcher';
import { RulesEngine, type FunctionRunner } from '#lib/local/emulators/iot/rules-engine';
import type { IotRuleDecl } from '#lib/model/types';

let faux: FauxqsEmulator;
let sqs: SQSClient;
let urls: Record<string, string>;

beforeAll(async () => {
  faux = await startFauxqs();
  sqs = new SQSClient(localClientConfig(faux.endpoint));
  urls = {};
  for (const name of ['events', 'iot-errors']) urls[name] = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
});

afterAll(async () => {
  sqs.destroy();
  await faux.stop();
});

const bodies = async (queue: string) =>
  ((await sqs.send(new ReceiveMessageCommand({ QueueUrl: urls[queue], MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }))).Messages ?? []).map((m) => JSON.parse(m.Body!));

const rule = (actions: IotRuleDecl['actions'], sql = "SELECT *, topic(2) AS sensorId FROM 'hydrant/+/telemetry' WHERE value >= 0"): IotRuleDecl => ({
  name: 'r1',
  sql,
  actions,
  errorAction: { kind: 'queue', queue: 'iot-errors' },
});

const message = (value: number) => ({ topic: 'hydrant/S_1/telemetry', payload: Buffer.from(JSON.stringify({ value })), clientId: 'S_1', principal: 'p', receivedAt: 1 });

function runner(behaviour: { load?: () => Promise<void>; invoke?: (event: unknown) => Promise<unknown> }): FunctionRunner & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    load: behaviour.load ?? (async () => undefined),
    invoke: async (_n, _h, _f, event) => {
      calls.push(event);
      return behaviour.invoke?.(event);
    },
  };
}

describe('local IoT rules engine', () => {
  it('runs every action of a matching rule with the same output, and none when WHERE is false', async () => {
    const functions = runner({});
    const engine = new RulesEngine({ rules: [rule([{ kind: 'queue', queue: 'events' }, { kind: 'function', handler: 'h', fn: { access: {} } }])], sqs, queueUrls: urls, functions, log: () => undefined });
    engine.publish(message(2));
    engine.publish(message(-1));
    await engine.idle();
    expect(await bodies('events')).toEqual([{ value: 2, sensorId: 'S_1' }]);
    expect(functions.calls).toEqual([{ value: 2, sensorId: 'S_1' }]);
    expect(engine.stats).toEqual({ matched: 1, actionsSucceeded: 2, actionsFailed: 0, unevaluated: 0 });
  });

  it('sends a failed SQS action to the error action, in IoT’s error message format', async () => {
    const engine = new RulesEngine({ rules: [rule([{ kind: 'queue', queue: 'events' }])], sqs, queueUrls: { ...urls, events: `${urls.events}-gone` }, functions: runner({}), log: () => undefined });
    engine.publish(message(3));
    await engine.idle();
    const [error] = await bodies('iot-errors');
    expect(error).toMatchObject({ ruleName: 'r1', topic: 'hydrant/S_1/telemetry', clientId: 'S_1', failures: [{ failedAction: 'SqsAction', failedResource: `${urls.events}-gone` }] });
    expect(Buffer.from(error.base64OriginalPayload, 'base64').toString()).toBe('{"value":3}');
  });

  it('retries a failing function twice, then sends a Lambda on-failure record', async () => {
    const functions = runner({ invoke: async () => Promise.reject(new RangeError('boom')) });
    const engine = new RulesEngine({ rules: [rule([{ kind: 'function', handler: 'h', fn: { access: {} } }])], sqs, queueUrls: urls, functions, retryDelaysMs: [10, 10], log: () => undefined });
    engine.publish(message(4));
    await engine.idle();
    expect(functions.calls).toHaveLength(3);
    expect(await bodies('iot-errors')).toEqual([
      expect.objectContaining({
        requestContext: expect.objectContaining({ condition: 'RetriesExhausted', approximateInvokeCount: 3 }),
        requestPayload: { value: 4, sensorId: 'S_1' },
        responsePayload: { errorType: 'RangeError', errorMessage: 'boom' },
      }),
    ]);
  });

  it('stops promptly while a retry is pending, and drops that event', async () => {
    const functions = runner({ invoke: async () => Promise.reject(new Error('down')) });
    const engine = new RulesEngine({ rules: [rule([{ kind: 'function', handler: 'h', fn: { access: {} } }])], sqs, queueUrls: urls, functions, retryDelaysMs: [60_000, 60_000], log: () => undefined });
    engine.publish(message(5));
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await engine.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(functions.calls).toHaveLength(1);
    engine.publish(message(6));
    expect(functions.calls).toHaveLength(1);
    expect(await bodies('iot-errors')).toEqual([]);
  });

  it('refuses rules it cannot evaluate or whose queues do not exist, at start', () => {
    expect(() => new RulesEngine({ rules: [rule([], "SELECT * FROM 'a' GROUP BY b")], sqs, queueUrls: urls, functions: runner({}) })).toThrow(/r1/);
    expect(() => new RulesEngine({ rules: [rule([{ kind: 'queue', queue: 'forecast-jobs' }])], sqs, queueUrls: urls, functions: runner({}) })).toThrow(/forecast-jobs/);
  });
});
