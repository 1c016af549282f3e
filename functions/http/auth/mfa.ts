import { accountOfSignInName } from '#adapters/cognito/sign-in-accounts';
import { respondToSoftwareTokenChallenge } from '#adapters/cognito/mfa';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

type Body = { username: string; session: string; code: string };

/** Completes login's SOFTWARE_TOKEN_MFA challenge: the tokens, or 401 INVALID_MFA_CODE. */
export const respondToMfaChallenge = async ({ body }: HttpRequest<unknown, unknown, Body>) => ({
  status: 200,
  body: await respondToSoftwareTokenChallenge(body.username, body.session, body.code),
});

export const handler = httpRoute(findRoute(authRoutes, 'respondToMfaChallenge'), respondToMfaChallenge, { accountOf: accountOfSignInName });
