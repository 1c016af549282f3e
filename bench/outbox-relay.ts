/**
 * Outbox relay benchmark (`npm run bench:relay`):
 *
 *   npx tsx bench/outbox-relay.ts [--work-orders 200] [--concurrency 4]
 *
 * The local stack in this process (port 0, demo data), a manager logged in, then
 * `--work-orders` work orders created through the API, `--concurrency` in flight. Each
 * answer 201 is a committed change (work order and outbox event in one transaction); the
 * `events` queue is drained meanwhile by this process (its consumer, the webhook fan-out,
 * is not run). Prints events/s from the first POST to the last event received, and
 * p50/p99 delay from the 201 to the event's receipt from `events` (DynamoDB Local stream -> relay -> SQS -> receive).
 */
import { parseArgs } from 'node:util';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localClientConfig } from '#lib/local/emulators/aws-clients';
import { startLocalStack } from '#lib/local/runtime/stack';
import { createWorkOrders, demoToken } from './lib/local-api';
import { formatTable, quantile } from './lib/stats';

const { values: args } = parseArgs({ options: { 'work-orders': { type: 'string', default: '200' }, concurrency: { type: 'string', default: '4' } } });
const total = Number(args['work-orders']);
const concurrency = Number(args.concurrency);

// The webhook fan-out consumes `events`: left off, so this process drains the queue itself.
const stack = await startLocalStack({ port: 0, unconsumedQueues: ['events'] });
const sqs = new SQSClient(localClientConfig(stack.endpoints.sqsAndS3));
try {
  const token = await demoToken(stack.apiUrl, 'manager@hydrant.local');
  const committedAt = new Map<string, number>();
  const receivedAt = new Map<string, number>();
  let done = false;
  let lastReceived = 0;
  const drain = (async () => {
    // Until every committed work order's event is in (the demo data's own events come too).
    while (!done || [...committedAt.keys()].some((id) => !receivedAt.has(id))) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.queueUrls.events, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const now = Date.now();
      for (const m of out.Messages ?? []) {
        const body = JSON.parse(m.Body ?? '{}') as { type: string; data: { id?: string } };
        // An event can arrive before the client has read its 201: match after the run.
        if (body.type === 'work_order.created' && body.data.id?.length === 26 && !receivedAt.has(body.data.id)) {
          receivedAt.set(body.data.id, now);
          lastReceived = now;
        }
      }
      if (out.Messages?.length) {
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: stack.queueUrls.events, Entries: out.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
      }
      if (done && Date.now() - lastReceived > 15_000 && lastReceived > 0) break;
    }
  })();
  const start = Date.now();
  for (const [id, at] of await createWorkOrders(stack.apiUrl, token, total, concurrency)) committedAt.set(id, at);
  done = true;
  await drain;
  // The 201 is read a little after the commit, so a receipt may precede it: counted as 0 ms.
  const delays = [...committedAt].flatMap(([id, at]) => (receivedAt.has(id) ? [Math.max(0, receivedAt.get(id)! - at)] : []));
  const seconds = (lastReceived - start) / 1000;
  console.log(
    formatTable(['measure', 'value'], [
      ['work orders committed', String(committedAt.size)],
      ['events received on events', String(delays.length)],
      ['events/s (first POST to last receipt)', (delays.length / seconds).toFixed(1)],
      ['p50 commit -> events (ms)', quantile(delays, 0.5).toFixed(0)],
      ['p99 commit -> events (ms)', quantile(delays, 0.99).toFixed(0)],
    ]),
  );
} finally {
  sqs.destroy();
  await stack.stop();
}
