import { getSecuritySettings } from '#application/settings/get-security-settings';
import { findRoute } from '#lib/model/find-route';
import { settingsRoutes } from '#lib/model/routes/settings';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

export const getSecuritySettingsRoute = async ({ principal }: HttpRequest) => ({
  status: 200,
  body: await getSecuritySettings(caller(principal).tenantId),
});

export const handler = httpRoute(findRoute(settingsRoutes, 'getSecuritySettings'), getSecuritySettingsRoute);
