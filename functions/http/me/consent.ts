import type * as z from 'zod';
import { recordMyConsent as recordMyConsentCase } from '#application/me/record-my-consent';
import { meView } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import type { ConsentBody } from '#lib/model/schemas/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** POST /v1/me/consent: the caller with their consent recorded. */
export async function recordMyConsent({ body, headers, principal }: HttpRequest<unknown, unknown, z.infer<typeof ConsentBody>>) {
  const { before, after } = await recordMyConsentCase(caller(principal), headers.authorization, body.policyVersion);
  return { ...resourceResult(after), body: meView(after), audit: { resourceId: before.id, before: { consent: before.consent }, after: { consent: after.consent } } };
}

export const handler = httpRoute(findRoute(meRoutes, 'recordMyConsent'), recordMyConsent);
