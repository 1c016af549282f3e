import type { AppClientRecord } from '#domain/identity';
import { deleteAppClientOfKind } from '../app-clients/app-client-records';

/** Deletes a partner app: the Cognito app client first (no new token from then on), then the record; 404 for anything else. */
export async function deletePartnerApp(tenantId: string, id: string): Promise<AppClientRecord> {
  return deleteAppClientOfKind(tenantId, id, 'partner', 'Partner app');
}
