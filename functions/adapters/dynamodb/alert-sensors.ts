/**
 * What the alert evaluator needs to know about a sensor named in a telemetry
 * message: its tenant (messages carry none), site, kind and client. Read from the
 * sensor's global directory item `SENSOR#<sensorId>` that the sensors repository
 * writes. Temporary: to be replaced by the sensors repository's own lookup.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SensorKind } from '#domain/telemetry/types';
import { documentClient, tableName } from './client';

export interface SensorDirectoryEntry {
  readonly sensorId: string;
  readonly tenantId: string;
  readonly siteId: string;
  readonly kind: SensorKind;
  readonly clientId: string | null;
}

export async function findSensorForAlerts(sensorId: string): Promise<SensorDirectoryEntry | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: { PK: `SENSOR#${sensorId}`, SK: 'SENSOR' } }));
  const item = out.Item;
  if (!item || typeof item.tenantId !== 'string') return undefined;
  return {
    sensorId,
    tenantId: item.tenantId,
    siteId: item.siteId as string,
    kind: item.kind as SensorKind,
    clientId: (item.clientId as string | null | undefined) ?? null,
  };
}
