/**
 * The `telemetry-ingest` queue's worker: stores what devices published on
 * `hydrant/<sensorId>/telemetry` (the IoT rule `telemetry_store` sends each MQTT message
 * there), a whole batch at once (`ingestDeviceMessages`), so the readings of a device's
 * burst are merged per sensor and rollup bucket and each rollup item is written once per
 * batch. A body is any JSON object (the use case judges its readings one by one: an invalid
 * reading is rejected and counted, not retried); a store failure is reported per message,
 * which SQS delivers again. The rule sends device messages to `telemetry-events` itself.
 */
import * as z from 'zod';
import { ingestDeviceMessages } from '#application/telemetry/ingest-device-messages';
import { sqsBatchWorker } from '#platform/sqs-worker';

/** The IoT rule's output: an object; its readings are validated by the use case. */
const DeviceMessageBody = z.looseObject({});

export const handler = sqsBatchWorker(DeviceMessageBody, async (batch) => {
  const { failed } = await ingestDeviceMessages(batch.map(({ message, record }) => ({ id: record.messageId, body: message })));
  return failed;
});
