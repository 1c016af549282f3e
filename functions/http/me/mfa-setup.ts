import { setupMfa as setupMfaCase } from '#application/me/setup-mfa';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** Starts enrolling an authenticator app: the secret and its otpauth URI, answered once. */
export async function setupMfa({ headers, principal }: HttpRequest) {
  return { status: 200, body: await setupMfaCase(caller(principal), headers.authorization) };
}

export const handler = httpRoute(findRoute(meRoutes, 'setupMfa'), setupMfa);
