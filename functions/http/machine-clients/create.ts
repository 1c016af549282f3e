import { ulid } from 'ulid';
import * as z from 'zod';
import { createMachineAppClient, deleteAppClient } from '#adapters/cognito/app-clients';
import { createAppClientRecord } from '#adapters/dynamodb/app-clients-repository';
import { appClientView, resourceServerScopes, type AppClientRecord } from '#domain/identity';
import { findRoute } from '#lib/model/find-route';
import { machineClientsRoutes } from '#lib/model/routes/machine-clients';
import { readEnv } from '#platform/config';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

const { OAUTH_TOKEN_ENDPOINT } = readEnv({ OAUTH_TOKEN_ENDPOINT: z.string().url().optional() });

type Body = { name: string; scopes: string[] };

/**
 * Creates the Cognito app client (client credentials, generated secret), then the
 * tenant's record; if the record cannot be written the app client is deleted again, so
 * no client exists whose tokens would carry no tenant. The secret is answered once.
 */
export async function createMachineClient({ body, principal }: HttpRequest<unknown, unknown, Body>) {
  const { tenantId } = caller(principal);
  const { clientId, clientSecret } = await createMachineAppClient(body.name, resourceServerScopes(body.scopes));
  const now = new Date().toISOString();
  const record: AppClientRecord = { id: ulid(), kind: 'machine', version: 1, createdAt: now, updatedAt: now, name: body.name, clientId, scopes: body.scopes };
  try {
    await createAppClientRecord(tenantId, record);
  } catch (error) {
    await deleteAppClient(clientId);
    throw error;
  }
  return {
    status: 201,
    headers: { Location: `/v1/machine-clients/${record.id}` },
    body: { ...appClientView(record), clientSecret, ...(OAUTH_TOKEN_ENDPOINT ? { tokenEndpoint: OAUTH_TOKEN_ENDPOINT } : {}) },
    // The audit trail records the client, never the secret.
    audit: { resourceId: record.id, after: appClientView(record) },
  };
}

export const handler = httpRoute(findRoute(machineClientsRoutes, 'createMachineClient'), createMachineClient);
