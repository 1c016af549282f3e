import type * as z from 'zod';
import { changeMyPassword as changeMyPasswordCase } from '#application/me/change-my-password';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import type { ChangePasswordBody } from '#lib/model/schemas/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** POST /v1/me/password: 204 once Cognito has changed it. */
export async function changeMyPassword({ body, headers, principal }: HttpRequest<unknown, unknown, z.infer<typeof ChangePasswordBody>>) {
  const who = caller(principal);
  await changeMyPasswordCase(headers.authorization, body);
  return { status: 204, audit: { resourceId: who.subject } };
}

export const handler = httpRoute(findRoute(meRoutes, 'changeMyPassword'), changeMyPassword);
