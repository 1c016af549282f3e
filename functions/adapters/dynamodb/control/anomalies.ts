/**
 * Flagged API usage anomalies, per tenant, in the control table:
 *   PK = T#<tenant>#ANOMALY#<hour>#<keyId>   SK = ANOMALY
 *   GSI1PK = T#<tenant>#ANOMALIES            GSI1SK = <hour>#<keyId>
 * Written with the same key for the same key and hour, so a re-run flags nothing twice.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Anomaly, AnomalyRecord } from '#domain/api-anomalies';
import { documentClient } from '../document-client';
import { queryPage, type Page } from '../query-page';
import { controlTableName } from './table';

export type { AnomalyRecord };

const RETENTION_SECONDS = 90 * 86_400;

export async function saveAnomaly(tenantId: string, record: AnomalyRecord): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: controlTableName,
      Item: {
        PK: `T#${tenantId}#ANOMALY#${record.id}`,
        SK: 'ANOMALY',
        GSI1PK: `T#${tenantId}#ANOMALIES`,
        GSI1SK: record.id,
        ...record,
        expiresAt: Math.floor(Date.parse(record.detectedAt) / 1000) + RETENTION_SECONDS,
      },
    }),
  );
}

export async function listAnomalies(tenantId: string, q: { limit: number; cursor?: string }): Promise<Page<AnomalyRecord>> {
  return queryPage(
    { tableName: controlTableName, index: 'GSI1', partitionAttribute: 'GSI1PK', partitionValue: `T#${tenantId}#ANOMALIES`, limit: q.limit, cursor: q.cursor, newestFirst: true },
    (item) => ({
      id: String(item.id),
      apiKeyId: String(item.apiKeyId),
      apiKeyName: (item.apiKeyName as string | null) ?? null,
      hour: String(item.hour),
      anomalies: item.anomalies as Anomaly[],
      detectedAt: String(item.detectedAt),
    }),
  );
}
