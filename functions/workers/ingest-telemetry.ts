/**
 * The IoT rule's function: stores what a device published on `hydrant/<sensorId>/telemetry`
 * (`ingestDeviceMessage`). The event is the rule's output, validated by the use case
 * reading by reading (an invalid reading is rejected and counted, not thrown: a retry
 * could not fix it). A store failure is thrown, so the invocation's failure handling keeps
 * the message. The rule sends device messages to `telemetry-events` itself.
 */
import { ingestDeviceMessage, type IngestTelemetryOutcome } from '#application/telemetry/ingest-device-message';
import { workerHandler } from '#platform/worker-handler';

export const handler = workerHandler<unknown, IngestTelemetryOutcome>((event) => ingestDeviceMessage(event));
