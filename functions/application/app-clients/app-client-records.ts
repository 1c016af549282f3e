/**
 * The steps machine clients and partner apps share: the tenant's record of a Cognito app
 * client, written after the app client (which is deleted again when the record cannot
 * be), deleted after it, listed by kind.
 */
import { ulid } from 'ulid';
import { deleteAppClient } from '#adapters/cognito/app-clients';
import { createAppClientRecord, deleteAppClientRecord, getAppClientRecord } from '#adapters/dynamodb/app-clients-repository';
import { newAppClientRecord, type AppClientKind, type AppClientRecord, type NewAppClientRecord } from '#domain/identity';
import { NotFound } from '#platform/errors';

/**
 * Records a Cognito app client just made for the tenant. When the record cannot be
 * written the app client is deleted again, so no client exists whose tokens would carry
 * no tenant.
 */
export async function recordAppClient(tenantId: string, input: NewAppClientRecord, now: string): Promise<AppClientRecord> {
  const record = newAppClientRecord(ulid(), input, now);
  try {
    await createAppClientRecord(tenantId, record);
  } catch (error) {
    await deleteAppClient(input.clientId);
    throw error;
  }
  return record;
}

/**
 * Deletes an app client of a kind. Steps: the record (404 when absent or of the other
 * kind, named `label`); the Cognito app client first (no new token from then on); then the record.
 */
export async function deleteAppClientOfKind(tenantId: string, id: string, kind: AppClientKind, label: string): Promise<AppClientRecord> {
  const record = await getAppClientRecord(tenantId, id);
  if (!record || record.kind !== kind) throw new NotFound(label, id);
  await deleteAppClient(record.clientId);
  await deleteAppClientRecord(tenantId, record);
  return record;
}
