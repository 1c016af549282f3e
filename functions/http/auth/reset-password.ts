import type * as z from 'zod';
import { resetPassword as resetPasswordCase } from '#application/auth/reset-password';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import type { ResetPasswordBody } from '#lib/model/schemas/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** POST /v1/auth/reset-password: 204 once the new password is set. */
export async function resetPassword({ body }: HttpRequest<unknown, unknown, z.infer<typeof ResetPasswordBody>>) {
  await resetPasswordCase(body);
  return { status: 204 };
}

export const handler = httpRoute(findRoute(authRoutes, 'resetPassword'), resetPassword);
