/** Admin views of the platform: API anomalies. */
import { pageOf, PageQuery } from '../schemas/common';
import { anomalyExample, AnomalyRecord } from '../schemas/admin';
import { authenticated } from './access';
import type { RouteDecl } from '../types';

export const adminRoutes: readonly RouteDecl[] = [
  {
    operationId: 'listApiAnomalies',
    method: 'GET',
    path: '/v1/admin/anomalies',
    summary: 'API keys flagged by the hourly anomaly check (failing calls, spikes, scanning, many user agents), newest first',
    tag: 'Platform',
    handler: 'http/admin/anomalies',
    auth: authenticated(['admin']),
    apiKey: true,
    request: { query: PageQuery },
    responses: { 200: { description: 'A page of flagged key-hours', schema: pageOf(AnomalyRecord), example: { data: [anomalyExample], nextCursor: null } } },
    fn: { access: {} },
  },
];
