/**
 * Assets at risk (issue 16, predictive maintenance): assets ranked by the probability of a
 * corrective work order within a horizon, each with an exact additive explanation.
 *
 * Who: the asset list's readers, with its visibility (a client user ranks only its
 * client's assets): the answer says no more of an asset than its record and its work
 * orders already do. It reads the assets, their work orders and sensors (table), the
 * sensors' daily means (telemetry) and the tenant's trained model under `models/`.
 */
import type { RouteDecl } from '../types';
import { AtRiskAnswer, atRiskExample, AtRiskQuery } from '../schemas/asset-risk';
import { ALL_ROLES, authenticated } from './access';
import { MODELS_PREFIX } from './ai';

export const assetRiskRoutes: readonly RouteDecl[] = [
  {
    operationId: 'listAssetsAtRisk',
    method: 'GET',
    path: '/v1/assets/at-risk',
    summary: 'Assets ranked by the probability of a corrective work order within horizonDays, each with an exact explanation (top N)',
    tag: 'Assets',
    handler: 'http/assets/at-risk',
    auth: authenticated(ALL_ROLES),
    apiKey: true,
    request: { query: AtRiskQuery },
    responses: { 200: { description: 'The top assets by probability (none for a site the caller cannot see, as a list filtered on it)', schema: AtRiskAnswer, example: atRiskExample } },
    fn: { memoryMb: 512, timeoutSeconds: 29, access: { table: 'read', telemetry: 'read', documentsBucket: 'read', documentsPrefixes: [MODELS_PREFIX] } },
  },
];
