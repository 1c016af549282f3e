import { refreshTokens } from '#adapters/cognito/user-auth';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export const refresh = async ({ body }: HttpRequest<unknown, unknown, { refresh_token: string }>) => ({
  status: 200,
  body: await refreshTokens(body.refresh_token),
});

export const handler = httpRoute(findRoute(authRoutes, 'refreshTokens'), refresh);
