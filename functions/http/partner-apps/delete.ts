import { deletePartnerApp as deletePartnerAppCase } from '#application/partner-apps/delete-partner-app';
import { appClientView } from '#domain/identity';
import { findRoute } from '#lib/model/find-route';
import { partnerAppsRoutes } from '#lib/model/routes/partner-apps';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** DELETE /v1/partner-apps/{id}: 204; no new token from then on. */
export async function deletePartnerApp({ params, principal }: HttpRequest<{ id: string }>) {
  const record = await deletePartnerAppCase(caller(principal).tenantId, params.id);
  return { status: 204, audit: { resourceId: record.id, before: appClientView(record) } };
}

export const handler = httpRoute(findRoute(partnerAppsRoutes, 'deletePartnerApp'), deletePartnerApp);
