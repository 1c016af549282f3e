import { confirmPasswordReset } from '#adapters/cognito/user-auth';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { assertAcceptablePassword } from './password-policy';

type Body = { username: string; code: string; newPassword: string };

export async function resetPassword({ body }: HttpRequest<unknown, unknown, Body>) {
  assertAcceptablePassword(body.newPassword, body.username);
  await confirmPasswordReset(body.username, body.code, body.newPassword);
  return { status: 204 };
}

export const handler = httpRoute(findRoute(authRoutes, 'resetPassword'), resetPassword);
