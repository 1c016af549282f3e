import { sensorDirectory } from '#adapters/dynamodb/sensors-repository';
import { telemetryEvents } from '#adapters/sqs/telemetry-events';
import { telemetryStore } from '#adapters/telemetry/telemetry-store';
import { ingestReadings } from '#domain/telemetry/ingest';
import type { IncomingReading } from '#domain/telemetry/validation';
import { findRoute } from '#lib/model/find-route';
import { telemetryRoutes } from '#lib/model/routes/telemetry';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

const ports = { sensors: sensorDirectory, store: telemetryStore, events: telemetryEvents, now: Date.now };

/** 202: every reading judged on its own; the good ones are stored and sent on for alerting. */
export async function ingestTelemetry({ body, principal }: HttpRequest<unknown, unknown, { readings: IncomingReading[] }>) {
  const { tenantId } = caller(principal);
  const { accepted, rejected } = await ingestReadings(ports, tenantId, body.readings);
  return { status: 202, body: { accepted, rejected } };
}

export const handler = httpRoute(findRoute(telemetryRoutes, 'ingestTelemetry'), ingestTelemetry);
