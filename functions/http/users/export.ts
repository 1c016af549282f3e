import { getAccount } from '#adapters/cognito/user-directory';
import { getUserRecord } from '#adapters/dynamodb/users-repository';
import { findRoute } from '#lib/model/find-route';
import { usersRoutes } from '#lib/model/routes/users';
import { NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { personalDataExport } from './personal-data';

/** An admin's export of a user of their tenant (an account of another tenant is 404). */
export async function exportUser({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const [user, account] = await Promise.all([getUserRecord(who.tenantId, params.id), getAccount(params.id)]);
  const sameTenant = account?.tenantId === who.tenantId;
  if (!user && !sameTenant) throw new NotFound('User', params.id);
  return { status: 200, body: await personalDataExport(who.tenantId, params.id, user, sameTenant ? { ...account } : null) };
}

export const handler = httpRoute(findRoute(usersRoutes, 'exportUser'), exportUser);
