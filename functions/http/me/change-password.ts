import { changeOwnPassword, ownAttributes } from '#adapters/cognito/user-auth';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { assertAcceptablePassword } from '../auth/password-policy';
import { bearerToken } from './bearer-token';

type Body = { oldPassword: string; newPassword: string };

/** Cognito ChangePassword with the caller's access token, after Hydrant's password checks. */
export async function changeMyPassword({ body, headers, principal }: HttpRequest<unknown, unknown, Body>) {
  const who = caller(principal);
  const token = bearerToken(headers);
  assertAcceptablePassword(body.newPassword, (await ownAttributes(token)).email);
  await changeOwnPassword(token, body.oldPassword, body.newPassword);
  return { status: 204, audit: { resourceId: who.subject } };
}

export const handler = httpRoute(findRoute(meRoutes, 'changeMyPassword'), changeMyPassword);
