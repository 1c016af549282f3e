import { sensorDirectory } from '#adapters/dynamodb/sensors-repository';
import { telemetryEvents } from '#adapters/sqs/telemetry-events';
import { telemetryStore } from '#adapters/telemetry/telemetry-store';
import type { Principal } from '#domain/principal';
import { ingestReadings, type IngestOutcome } from '#domain/telemetry/ingest';
import type { IncomingReading } from '#domain/telemetry/validation';

const ports = { sensors: sensorDirectory, store: telemetryStore, events: telemetryEvents, now: Date.now };

/**
 * Ingests readings sent over HTTPS. Steps (the domain's `ingestReadings`, on the
 * DynamoDB sensor directory, the telemetry store and the telemetry-events queue):
 *   1. judge every reading on its own (known sensor of the caller's tenant, kind, range, time);
 *   2. store the good ones;
 *   3. send them on for alerting;
 *   4. report what was accepted and what was rejected, and why.
 */
export async function ingestTelemetry(who: Principal, readings: readonly IncomingReading[]): Promise<IngestOutcome> {
  return ingestReadings(ports, who.tenantId, readings);
}
