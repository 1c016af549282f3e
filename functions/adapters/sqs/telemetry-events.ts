/**
 * The `telemetry-events` queue, fed by HTTP ingest so that alerts are evaluated for
 * readings that did not come through the IoT rule. Body of each message:
 * `{ sensorId, readings: [{ts, value, quality, unit?}] }` (ts in epoch ms), the shape the
 * IoT rule's messages are read as; the tenant rides in the `tenantId` message attribute.
 * One message per sensor (per chunk of {@link MAX_READINGS_PER_MESSAGE}), sent with
 * SendMessageBatch, up to 10 entries and well under the 256 KiB batch limit per call.
 *
 * Env: `QUEUE_URL_TELEMETRY_EVENTS` (set with the send grant by the stacks).
 */
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import type { TelemetryEvents } from '#domain/telemetry/ingest';
import type { Reading } from '#domain/telemetry/types';
import { readEnv } from '#platform/config';

const env = readEnv({ QUEUE_URL_TELEMETRY_EVENTS: z.string().min(1) });
// The endpoint comes from the SDK's configuration (AWS_ENDPOINT_URL_SQS locally), never from the queue
// URL's host: fauxqs answers URLs whose host does not resolve, and the regional endpoint is right in the cloud.
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

export const MAX_READINGS_PER_MESSAGE = 500;
const MAX_BATCH_BYTES = 200_000;
const MAX_SEND_ATTEMPTS = 5;

/** The message bodies of a set of readings grouped by sensor (pure, for tests). */
export function telemetryEventBodies(readingsBySensor: ReadonlyMap<string, readonly Reading[]>): string[] {
  const bodies: string[] = [];
  for (const [sensorId, readings] of readingsBySensor) {
    for (let i = 0; i < readings.length; i += MAX_READINGS_PER_MESSAGE) {
      const chunk = readings.slice(i, i + MAX_READINGS_PER_MESSAGE).map((r) => ({
        ts: r.ts,
        value: r.value,
        quality: r.quality,
        ...(r.unit !== undefined ? { unit: r.unit } : {}),
      }));
      bodies.push(JSON.stringify({ sensorId, readings: chunk }));
    }
  }
  return bodies;
}

/** Groups bodies into SendMessageBatch calls: at most 10 entries and {@link MAX_BATCH_BYTES} each. */
export function batchesOf(bodies: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = Buffer.byteLength(body, 'utf8');
    if (current.length === 10 || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(body);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export const telemetryEvents: TelemetryEvents = {
  async publish(tenantId, readingsBySensor) {
    const batches = batchesOf(telemetryEventBodies(readingsBySensor));
    await Promise.all(batches.map((bodies) => sendAll(tenantId, bodies)));
  },
};

/** Sends one batch, resending the entries SQS reports as failed; throws if some never go. */
async function sendAll(tenantId: string, bodies: readonly string[]): Promise<void> {
  let entries: SendMessageBatchRequestEntry[] = bodies.map((body, i) => ({
    Id: String(i),
    MessageBody: body,
    MessageAttributes: { tenantId: { DataType: 'String', StringValue: tenantId } },
  }));
  for (let attempt = 1; entries.length > 0; attempt++) {
    const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: env.QUEUE_URL_TELEMETRY_EVENTS, Entries: entries }));
    const failed = new Set((out.Failed ?? []).map((f) => f.Id));
    entries = entries.filter((e) => failed.has(e.Id));
    if (entries.length > 0 && attempt === MAX_SEND_ATTEMPTS) {
      throw new Error(`telemetry-events: ${entries.length} message(s) not sent after ${attempt} attempts: ${(out.Failed ?? []).map((f) => f.Code).join(', ')}`);
    }
    if (entries.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
  }
}
