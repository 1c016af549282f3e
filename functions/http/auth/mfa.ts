import { accountOfSignInName } from '#adapters/cognito/sign-in-accounts';
import { respondToSoftwareTokenChallenge } from '#adapters/cognito/mfa';
import { findRoute } from '#lib/model/find-route';
import { mfaRoutes } from '#lib/model/routes/mfa';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

type Body = { username: string; session: string; code: string };

/** Completes login's SOFTWARE_TOKEN_MFA challenge: the tokens, or 401 INVALID_MFA_CODE. */
export const respondToMfaChallenge = async ({ body }: HttpRequest<unknown, unknown, Body>) => ({
  status: 200,
  body: await respondToSoftwareTokenChallenge(body.username, body.session, body.code),
});

export const handler = httpRoute(findRoute(mfaRoutes, 'respondToMfaChallenge'), respondToMfaChallenge, { accountOf: accountOfSignInName });
