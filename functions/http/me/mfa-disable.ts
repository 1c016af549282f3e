import { disableMfa as disableMfaCase } from '#application/me/disable-mfa';
import { findRoute } from '#lib/model/find-route';
import { mfaRoutes } from '#lib/model/routes/mfa';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** Turns TOTP off (204), unless the caller's role must use it. */
export async function disableMfa({ headers, principal }: HttpRequest) {
  await disableMfaCase(caller(principal), headers.authorization);
  return { status: 204 };
}

export const handler = httpRoute(findRoute(mfaRoutes, 'disableMfa'), disableMfa);
