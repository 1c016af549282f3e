/**
 * The local Lambda runtime against a real fauxqs: the SQS poller (event source
 * mapping with partial batch responses, visibility timeout, DLQ) and the
 * invoker's timeout. A fixture consumer records what it receives in a module
 * array; `loadHandler` imports the same module instance, so the test reads it.
 */
import path from 'node:path';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '#lib/local/emulators/aws-clients';
import { startFauxqs, type FauxqsEmulator } from '#lib/local/emulators/fauxqs/launcher';
import { InvocationTimeout, invoke, loadHandler } from '#lib/local/runtime/lambda-invoker';
import { startQueuePoller, type QueuePoller } from '#lib/local/runtime/queue-pollers';
import type { QueueDecl, QueueName } from '#lib/model/types';
import { received, type FixtureMessage } from '../fixtures/handlers/sqs-recorder';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/handlers');
const RECORDER = path.join(FIXTURES, 'sqs-recorder.ts');
const VISIBILITY_SECONDS = 1;
const MAX_RECEIVES = 2;

let faux: FauxqsEmulator;
let sqs: SQSClient;
const pollers: QueuePoller[] = [];

beforeAll(async () => {
  faux = await startFauxqs();
  sqs = new SQSClient(localClientConfig(faux.endpoint));
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
});

afterAll(async () => {
  sqs?.destroy();
  await faux?.stop();
});

async function createQueueWithDlq(name: string) {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(VISIBILITY_SECONDS),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: MAX_RECEIVES }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl as string, dlqUrl: dlq.QueueUrl as string };
}

const queueDecl = (name: QueueName): QueueDecl => ({
  name,
  visibilityTimeoutSeconds: VISIBILITY_SECONDS,
  maxReceiveCount: MAX_RECEIVES,
  batchSize: 10,
  consumer: { handler: RECORDER, fn: { timeoutSeconds: 5, access: {} } },
});

async function sendAll(queueUrl: string, messages: FixtureMessage[]) {
  const out = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map((m, i) => ({
        Id: String(i),
        MessageBody: JSON.stringify(m),
        MessageAttributes: { outcome: { DataType: 'String', StringValue: m.outcome } },
      })),
    }),
  );
  expect(out.Failed ?? []).toEqual([]);
}

async function queueDepth(queueUrl: string) {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
}

const deliveries = (scenario: string, id: string) => received.filter((r) => r.scenario === scenario && r.id === id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startQueuePoller', () => {
  it('shares the fixture module with loadHandler, so the test sees what the consumer records', async () => {
    const { handler } = await import('../fixtures/handlers/sqs-recorder');
    expect(await loadHandler(RECORDER)).toBe(handler);
  });

  it('deletes succeeded records and sends reported failures back until they reach the DLQ', async () => {
    const scenario = 'partial';
    const { queueUrl, dlqUrl } = await createQueueWithDlq('local-runtime-partial');
    await sendAll(queueUrl, [
      { scenario, id: 'ok-1', outcome: 'ok' },
      { scenario, id: 'bad', outcome: 'fail' },
      { scenario, id: 'ok-2', outcome: 'ok' },
    ]);
    const errors: unknown[] = [];
    pollers.push(startQueuePoller(sqs, queueDecl('events'), queueUrl, (e) => errors.push(e)));

    // The failed record is delivered once per allowed receive, then moves to the DLQ.
    await expect.poll(() => deliveries(scenario, 'bad').map((r) => r.receiveCount), { timeout: 10_000, interval: 100 }).toEqual([1, 2]);
    await expect.poll(() => queueDepth(dlqUrl), { timeout: 10_000, interval: 200 }).toBe(1);
    await expect.poll(() => queueDepth(queueUrl), { timeout: 5_000, interval: 200 }).toBe(0);

    // Succeeded records were deleted: well past the visibility timeout, they never came back.
    await sleep(VISIBILITY_SECONDS * 1000 + 500);
    expect(deliveries(scenario, 'ok-1').map((r) => r.receiveCount)).toEqual([1]);
    expect(deliveries(scenario, 'ok-2').map((r) => r.receiveCount)).toEqual([1]);
    expect(deliveries(scenario, 'bad')).toHaveLength(2);
    expect(errors).toEqual([]);

    // Records look like Lambda's SQS event records.
    const first = deliveries(scenario, 'ok-1')[0];
    expect(first).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:events',
      messageAttributes: { outcome: { dataType: 'String', stringValue: 'ok' } },
    });
    expect(first?.messageId).toMatch(/\S/);

    await Promise.all(pollers.splice(0).map((p) => p.stop()));
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10 }));
    expect(dead.Messages?.map((m) => (JSON.parse(m.Body as string) as FixtureMessage).id)).toEqual(['bad']);
  });

  it('makes the whole batch visible again when the handler throws', async () => {
    const scenario = 'throws';
    const { queueUrl, dlqUrl } = await createQueueWithDlq('local-runtime-throws');
    await sendAll(queueUrl, [
      { scenario, id: 'innocent', outcome: 'ok' },
      { scenario, id: 'culprit', outcome: 'throw-once' },
    ]);
    const errors: unknown[] = [];
    pollers.push(startQueuePoller(sqs, queueDecl('telemetry-events'), queueUrl, (e) => errors.push(e)));

    await expect.poll(() => deliveries(scenario, 'culprit').length, { timeout: 10_000, interval: 100 }).toBe(2);
    await expect.poll(() => deliveries(scenario, 'innocent').length, { timeout: 10_000, interval: 100 }).toBe(2);

    // Both records were in the batch that threw, and both came back: nothing of it was deleted.
    const [innocent1, innocent2] = deliveries(scenario, 'innocent');
    const [culprit1, culprit2] = deliveries(scenario, 'culprit');
    expect(innocent1?.invocation).toBe(culprit1?.invocation);
    expect([innocent1?.receiveCount, innocent2?.receiveCount, culprit1?.receiveCount, culprit2?.receiveCount]).toEqual([1, 2, 1, 2]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('fixture consumer failed the whole batch');

    // The second delivery succeeded: both are deleted, none dead-lettered, none redelivered.
    await expect.poll(() => queueDepth(queueUrl), { timeout: 5_000, interval: 200 }).toBe(0);
    await sleep(VISIBILITY_SECONDS * 1000 + 500);
    expect(deliveries(scenario, 'innocent')).toHaveLength(2);
    expect(await queueDepth(dlqUrl)).toBe(0);
  });

  it('refuses a queue without consumer', () => {
    const { consumer: _c, ...noConsumer } = queueDecl('forecast-jobs');
    expect(() => startQueuePoller(sqs, noConsumer, 'http://unused')).toThrow(/forecast-jobs has no consumer/);
  });

  it('stops promptly even while a long poll is pending', async () => {
    const { queueUrl } = await createQueueWithDlq('local-runtime-stop');
    const poller = startQueuePoller(sqs, queueDecl('events'), queueUrl, () => undefined);
    await sleep(200);
    const started = Date.now();
    await poller.stop();
    // The receive waits up to 1 s; stop() aborts it instead of waiting it out.
    expect(Date.now() - started).toBeLessThan(400);
  });
});

describe('invoke', () => {
  const SLOW = path.join(FIXTURES, 'slow.ts');

  it('returns the handler result and gives it a Lambda context with the remaining time', async () => {
    const result = (await invoke('slow-fn', SLOW, { timeoutSeconds: 2, access: {} }, { delayMs: 0 })) as { functionName: string; remainingMs: number };
    expect(result.functionName).toBe('hydrant-local-slow-fn');
    expect(result.remainingMs).toBeGreaterThan(1_000);
    expect(result.remainingMs).toBeLessThanOrEqual(2_000);
  });

  it('rejects with InvocationTimeout when the handler outlives the function timeout', async () => {
    const started = Date.now();
    const call = invoke('slow-fn', SLOW, { timeoutSeconds: 0.05, access: {} }, { delayMs: 2_000 });
    await expect(call).rejects.toBeInstanceOf(InvocationTimeout);
    await expect(call).rejects.toThrow('slow-fn timed out after 50 ms');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses a module that exports no handler', async () => {
    await expect(loadHandler(path.join(FIXTURES, 'no-handler.ts'))).rejects.toThrow(/exports no handler/);
  });
});
