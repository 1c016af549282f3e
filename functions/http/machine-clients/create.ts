import type * as z from 'zod';
import { createMachineClient as createMachineClientCase } from '#application/machine-clients/create-machine-client';
import { appClientView } from '#domain/identity';
import { findRoute } from '#lib/model/find-route';
import { machineClientsRoutes } from '#lib/model/routes/machine-clients';
import type { CreateMachineClientBody } from '#lib/model/schemas/machine-clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** POST /v1/machine-clients: 201 with the client and its secret, answered once. */
export async function createMachineClient({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateMachineClientBody>>) {
  const { record, clientSecret, tokenEndpoint } = await createMachineClientCase(caller(principal).tenantId, body);
  return {
    status: 201,
    headers: { Location: `/v1/machine-clients/${record.id}` },
    body: { ...appClientView(record), clientSecret, ...(tokenEndpoint ? { tokenEndpoint } : {}) },
    // The audit trail records the client, never the secret.
    audit: { resourceId: record.id, after: appClientView(record) },
  };
}

export const handler = httpRoute(findRoute(machineClientsRoutes, 'createMachineClient'), createMachineClient);
