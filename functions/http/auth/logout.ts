import type * as z from 'zod';
import { signOut } from '#application/auth/sign-out';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import type { LogoutBody } from '#lib/model/schemas/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** Revokes the refresh token; Cognito then also refuses the access tokens issued from it. */
export const logout = async ({ body }: HttpRequest<unknown, unknown, z.infer<typeof LogoutBody>>) => {
  await signOut(body.refresh_token);
  return { status: 204 };
};

export const handler = httpRoute(findRoute(authRoutes, 'logout'), logout);
