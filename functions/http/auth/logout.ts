import { revokeRefreshToken } from '#adapters/cognito/user-auth';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** Revokes the refresh token; Cognito then also refuses the access tokens issued from it. */
export const logout = async ({ body }: HttpRequest<unknown, unknown, { refresh_token: string }>) => {
  await revokeRefreshToken(body.refresh_token);
  return { status: 204 };
};

export const handler = httpRoute(findRoute(authRoutes, 'logout'), logout);
