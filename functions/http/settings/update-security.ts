import type * as z from 'zod';
import { updateSecuritySettings as updateSecuritySettingsCase } from '#application/settings/update-security-settings';
import { findRoute } from '#lib/model/find-route';
import { settingsRoutes } from '#lib/model/routes/settings';
import type { UpdateSecuritySettingsBody } from '#lib/model/schemas/settings';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** PUT /v1/settings/security: the settings now in force for the next tokens. */
export async function updateSecuritySettings({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof UpdateSecuritySettingsBody>>) {
  const { before, after } = await updateSecuritySettingsCase(caller(principal).tenantId, body);
  return { status: 200, body: after, audit: { resourceId: 'security', before, after } };
}

export const handler = httpRoute(findRoute(settingsRoutes, 'updateSecuritySettings'), updateSecuritySettings);
