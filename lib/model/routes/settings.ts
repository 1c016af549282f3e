/** The tenant's settings: which roles must use MFA. */
import { SecuritySettings, UpdateSecuritySettingsBody } from '../schemas/settings';
import type { RouteDecl } from '../types';

export const settingsRoutes: readonly RouteDecl[] = [
  {
    operationId: 'getSecuritySettings',
    method: 'GET',
    path: '/v1/settings/security',
    summary: "The tenant's security settings (which roles must use MFA)",
    tag: 'Settings',
    handler: 'http/settings/get-security',
    auth: { kind: 'authenticated', roles: ['admin'] },
    apiKey: true,
    responses: { 200: { description: 'The settings', schema: SecuritySettings, example: { mfaRequiredRoles: ['admin', 'manager'], updatedAt: '2026-12-07T13:00:00.000Z' } } },
    fn: { access: { table: 'read' } },
  },
  {
    operationId: 'updateSecuritySettings',
    method: 'PUT',
    path: '/v1/settings/security',
    summary: "Set which roles must use MFA (effective at each user's next token)",
    tag: 'Settings',
    handler: 'http/settings/update-security',
    auth: { kind: 'authenticated', roles: ['admin'] },
    apiKey: true,
    request: { body: UpdateSecuritySettingsBody, bodyExample: { mfaRequiredRoles: ['admin', 'manager'] } },
    responses: { 200: { description: 'The settings', schema: SecuritySettings, example: { mfaRequiredRoles: ['admin', 'manager'], updatedAt: '2026-12-07T13:00:00.000Z' } } },
    fn: { access: { table: 'readWrite' } },
  },
];
