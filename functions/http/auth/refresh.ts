import { refreshTokens } from '#adapters/cognito/user-auth';
import { findRoute } from '#lib/model/find-route';
import { healthAndAuthRoutes } from '#lib/model/routes/health-and-auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export const refresh = async ({ body }: HttpRequest<unknown, unknown, { refresh_token: string }>) => ({
  status: 200,
  body: await refreshTokens(body.refresh_token),
});

export const handler = httpRoute(findRoute(healthAndAuthRoutes, 'refreshTokens'), refresh);
