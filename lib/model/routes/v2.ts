/** Routes of API version 2. Each shares its domain and adapters with /v1; only the representation differs. */
import type { RouteDecl } from '../types';
import { AssetV2, assetV2Example } from '../schemas/assets';
import { IdParams } from '../schemas/common';
import { ALL_ROLES, authenticated } from './access';

export const v2Routes: readonly RouteDecl[] = [
  {
    operationId: 'getAssetV2',
    method: 'GET',
    path: '/v2/assets/{id}',
    summary: 'Get an asset (v2: maintenance grouped in one object)',
    tag: 'Assets',
    handler: 'http/assets/get-v2',
    auth: authenticated(ALL_ROLES),
    apiKey: true,
    request: { params: IdParams, headers: ['If-None-Match'] },
    responses: { 200: { description: 'Found', schema: AssetV2, example: assetV2Example, headers: ['ETag'] } },
    fn: { access: { table: 'read' } },
  },
];
