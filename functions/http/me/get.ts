import { meView } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';
import { bearerToken, ownRecord } from './own-account';

/** The caller, with `consentRequired` when they have not accepted the current privacy policy. */
export async function getMe({ headers, principal }: HttpRequest) {
  const user = await ownRecord(caller(principal), bearerToken(headers));
  return { ...resourceResult(user), body: meView(user) };
}

export const handler = httpRoute(findRoute(meRoutes, 'getMe'), getMe);
