import { accountOfSignInName } from '#adapters/cognito/sign-in-accounts';
import { loginWithPassword } from '#adapters/cognito/user-auth';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

type Body = { username: string; password: string };

export const login = async ({ body }: HttpRequest<unknown, unknown, Body>) => ({
  status: 200,
  body: await loginWithPassword(body.username, body.password),
});

export const handler = httpRoute(findRoute(authRoutes, 'login'), login, { accountOf: accountOfSignInName });
