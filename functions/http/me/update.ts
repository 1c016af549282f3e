import type * as z from 'zod';
import { updateMe as updateMeCase } from '#application/me/update-me';
import { auditViewOf, meView } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import type { UpdateMeBody } from '#lib/model/schemas/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

/** PATCH /v1/me (If-Match): own names only. */
export async function updateMe({ body, headers, principal }: HttpRequest<unknown, unknown, z.infer<typeof UpdateMeBody>>) {
  const who = caller(principal);
  const { before, after } = await updateMeCase(who, headers.authorization, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), body: meView(after), audit: { resourceId: before.id, before: auditViewOf(who.tenantId, before), after: auditViewOf(who.tenantId, after) } };
}

export const handler = httpRoute(findRoute(meRoutes, 'updateMe'), updateMe);
