import { requestPasswordReset } from '#adapters/cognito/user-auth';
import { findRoute } from '#lib/model/find-route';
import { authRoutes } from '#lib/model/routes/auth';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** Always 202, whether or not the account exists (Cognito e-mails the code when it does). */
export async function forgotPassword({ body }: HttpRequest<unknown, unknown, { username: string }>) {
  await requestPasswordReset(body.username);
  return { status: 202 };
}

export const handler = httpRoute(findRoute(authRoutes, 'forgotPassword'), forgotPassword);
