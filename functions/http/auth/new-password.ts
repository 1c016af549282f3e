import type * as z from 'zod';
import { completeNewPassword as completeNewPasswordCase } from '#application/auth/complete-new-password';
import { signInAccountOf } from '#application/auth/sign-in-account';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import type { NewPasswordBody } from '#lib/model/schemas/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** Answers NEW_PASSWORD_REQUIRED: the user's own password replaces the temporary one. */
export async function completeNewPassword({ body }: HttpRequest<unknown, unknown, z.infer<typeof NewPasswordBody>>) {
  return { status: 200, body: await completeNewPasswordCase(body) };
}

export const handler = httpRoute(findRoute(authRoutes, 'completeNewPassword'), completeNewPassword, { accountOf: signInAccountOf });
