import { eraseUser as eraseUserCase } from '#application/users/erase-user';
import { findRoute } from '#lib/model/find-route';
import { usersRoutes } from '#lib/model/routes/users';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

/** DELETE /v1/users/{id}: 204; the audit record of the erasure keeps the pseudonym only. */
export async function eraseUser({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const { pseudonym } = await eraseUserCase(caller(principal), params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: params.id, before: { pseudonym }, after: { pseudonym, erased: true } } };
}

export const handler = httpRoute(findRoute(usersRoutes, 'eraseUser'), eraseUser);
