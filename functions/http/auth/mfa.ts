import type * as z from 'zod';
import { respondToMfaChallenge as respondToMfaChallengeCase } from '#application/auth/respond-to-mfa-challenge';
import { signInAccountOf } from '#application/auth/sign-in-account';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import type { MfaChallengeBody } from '#lib/model/schemas/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** Completes login's SOFTWARE_TOKEN_MFA challenge: the tokens, or 401 INVALID_MFA_CODE. */
export const respondToMfaChallenge = async ({ body }: HttpRequest<unknown, unknown, z.infer<typeof MfaChallengeBody>>) => ({
  status: 200,
  body: await respondToMfaChallengeCase(body),
});

export const handler = httpRoute(findRoute(authRoutes, 'respondToMfaChallenge'), respondToMfaChallenge, { accountOf: signInAccountOf });
