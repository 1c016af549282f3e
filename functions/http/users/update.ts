import type * as z from 'zod';
import { updateUser as updateUserCase } from '#application/users/update-user';
import { auditViewOf } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { usersRoutes } from '#lib/model/routes/users';
import type { UpdateUserBody } from '#lib/model/schemas/users';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

/** PATCH /v1/users/{id} (If-Match): the user updated, with its new ETag. */
export async function updateUser({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof UpdateUserBody>>) {
  const who = caller(principal);
  const { before, after } = await updateUserCase(who, params.id, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), audit: { before: auditViewOf(who.tenantId, before), after: auditViewOf(who.tenantId, after) } };
}

export const handler = httpRoute(findRoute(usersRoutes, 'updateUser'), updateUser);
