import type * as z from 'zod';
import { forgotPassword as forgotPasswordCase } from '#application/auth/forgot-password';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import type { ForgotPasswordBody } from '#lib/model/schemas/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** Always 202, whether or not the account exists (Cognito e-mails the code when it does). */
export async function forgotPassword({ body }: HttpRequest<unknown, unknown, z.infer<typeof ForgotPasswordBody>>) {
  await forgotPasswordCase(body.username);
  return { status: 202 };
}

export const handler = httpRoute(findRoute(authRoutes, 'forgotPassword'), forgotPassword);
