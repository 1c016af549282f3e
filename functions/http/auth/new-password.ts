import { accountOfSignInName } from '#adapters/cognito/sign-in-accounts';
import { completeNewPassword as respondWithNewPassword } from '#adapters/cognito/user-auth';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { assertAcceptablePassword } from './password-policy';

type Body = { username: string; session: string; newPassword: string };

/** Answers NEW_PASSWORD_REQUIRED: the user's own password replaces the temporary one. */
export async function completeNewPassword({ body }: HttpRequest<unknown, unknown, Body>) {
  assertAcceptablePassword(body.newPassword, body.username);
  return { status: 200, body: await respondWithNewPassword(body.username, body.session, body.newPassword) };
}

export const handler = httpRoute(findRoute(authRoutes, 'completeNewPassword'), completeNewPassword, { accountOf: accountOfSignInName });
