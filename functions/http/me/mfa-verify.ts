import type * as z from 'zod';
import { verifyMfa as verifyMfaCase } from '#application/me/verify-mfa';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import type { VerifyMfaBody } from '#lib/model/schemas/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** A code of the new secret turns TOTP on: every later login asks for a code. */
export async function verifyMfa({ headers, body, principal }: HttpRequest<unknown, unknown, z.infer<typeof VerifyMfaBody>>) {
  await verifyMfaCase(caller(principal), headers.authorization, body);
  return { status: 200, body: { enabled: true, type: 'TOTP' } };
}

export const handler = httpRoute(findRoute(meRoutes, 'verifyMfa'), verifyMfa);
