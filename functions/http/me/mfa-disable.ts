import { disableMfa as disableMfaCase } from '#application/me/disable-mfa';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** Turns TOTP off (204), unless the caller's role must use it. */
export async function disableMfa({ headers, principal }: HttpRequest) {
  await disableMfaCase(caller(principal), headers.authorization);
  return { status: 204 };
}

export const handler = httpRoute(findRoute(meRoutes, 'disableMfa'), disableMfa);
