import { getSecuritySettings, putSecuritySettings } from '#adapters/dynamodb/security-settings-repository';
import type { Role } from '#domain/principal';
import { findRoute } from '#lib/model/find-route';
import { settingsRoutes } from '#lib/model/routes/settings';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

type Body = { mfaRequiredRoles: Role[] };

/**
 * Sets which roles must use MFA. It applies at each user's next token (login or
 * refresh, at most an access token's lifetime): the pre-token-generation trigger reads it.
 */
export async function updateSecuritySettings({ body, principal }: HttpRequest<unknown, unknown, Body>) {
  const { tenantId } = caller(principal);
  const before = await getSecuritySettings(tenantId);
  const after = { mfaRequiredRoles: body.mfaRequiredRoles, updatedAt: new Date().toISOString() };
  await putSecuritySettings(tenantId, after);
  return { status: 200, body: after, audit: { resourceId: 'security', before, after } };
}

export const handler = httpRoute(findRoute(settingsRoutes, 'updateSecuritySettings'), updateSecuritySettings);
