import { getUserRecord } from '#adapters/dynamodb/users-repository';
import { canSeeUser } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { usersRoutes } from '#lib/model/routes/users';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

/** A user of the caller's tenant it may see (a manager: technicians and client users); anything else is 404. */
export async function getUser({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  return resourceResult(visibleOr404(await getUserRecord(who.tenantId, params.id), (u) => canSeeUser(who, u), 'User', params.id));
}

export const handler = httpRoute(findRoute(usersRoutes, 'getUser'), getUser);
