import { listAnomalies } from '#adapters/dynamodb/control/anomalies';

/** A page of the anomalies the API anomaly detector recorded for the tenant's keys. */
export async function listApiAnomalies(tenantId: string, page: { limit: number; cursor?: string | undefined }) {
  return listAnomalies(tenantId, page);
}
