import { ownAttributes } from '#adapters/cognito/user-auth';
import { getUserRecord } from '#adapters/dynamodb/users-repository';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { personalDataExport } from '../users/personal-data';
import { bearerToken } from './own-account';

/** The caller's own export; the account part comes from Cognito with their access token. */
export async function exportMyData({ headers, principal }: HttpRequest) {
  const who = caller(principal);
  const attributes = await ownAttributes(bearerToken(headers));
  const account = { attributes, groups: who.role ? [who.role] : [] };
  const body = await personalDataExport(who.tenantId, who.subject, await getUserRecord(who.tenantId, who.subject), account);
  return { status: 200, body, audit: { resourceId: who.subject } };
}

export const handler = httpRoute(findRoute(meRoutes, 'exportMyData'), exportMyData);
