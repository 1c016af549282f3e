import { exportMyData as exportMyDataCase } from '#application/me/export-my-data';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** GET /v1/me/export: the caller's own export. */
export async function exportMyData({ headers, principal }: HttpRequest) {
  const who = caller(principal);
  return { status: 200, body: await exportMyDataCase(who, headers.authorization), audit: { resourceId: who.subject } };
}

export const handler = httpRoute(findRoute(meRoutes, 'exportMyData'), exportMyData);
