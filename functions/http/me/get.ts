import { getMe as getMeCase } from '#application/me/get-me';
import { meView } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** GET /v1/me: the caller, with `consentRequired` when they have not accepted the current privacy policy. */
export async function getMe({ headers, principal }: HttpRequest) {
  const user = await getMeCase(caller(principal), headers.authorization);
  return { ...resourceResult(user), body: meView(user) };
}

export const handler = httpRoute(findRoute(meRoutes, 'getMe'), getMe);
