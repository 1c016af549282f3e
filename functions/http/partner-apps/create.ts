import type * as z from 'zod';
import { createPartnerApp as createPartnerAppCase } from '#application/partner-apps/create-partner-app';
import { appClientView } from '#domain/identity';
import { findRoute } from '#lib/model/find-route';
import { partnerAppsRoutes } from '#lib/model/routes/partner-apps';
import type { CreatePartnerAppBody } from '#lib/model/schemas/partner-apps';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** POST /v1/partner-apps: 201 with the app (a public client: no secret). */
export async function createPartnerApp({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreatePartnerAppBody>>) {
  const record = await createPartnerAppCase(caller(principal).tenantId, body);
  const view = appClientView(record);
  return { status: 201, headers: { Location: `/v1/partner-apps/${record.id}` }, body: view, audit: { resourceId: record.id, after: view } };
}

export const handler = httpRoute(findRoute(partnerAppsRoutes, 'createPartnerApp'), createPartnerApp);
