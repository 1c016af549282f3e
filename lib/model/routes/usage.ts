/** The calling key's usage of its plan. */
import { Usage, usageExample } from '../schemas/usage';
import { ALL_ROLES, authenticated } from './access';
import type { RouteDecl } from '../types';

/** Every machine scope may ask for its own key's usage. */
const ANY_SCOPE = ['telemetry.write', 'telemetry.read', 'work-orders.read', 'work-orders.write', 'forecasts.write', 'webhooks.manage'];

export const usageRoutes: readonly RouteDecl[] = [
  {
    operationId: 'getUsage',
    method: 'GET',
    path: '/v1/usage',
    summary: "The calling API key's usage-plan quota in the current period",
    tag: 'Platform',
    handler: 'http/usage/get',
    auth: authenticated(ALL_ROLES, ANY_SCOPE),
    apiKey: true,
    responses: { 200: { description: 'Usage of the key', schema: Usage, example: usageExample } },
    fn: { access: {} },
    cacheControl: 'no-store',
  },
];
