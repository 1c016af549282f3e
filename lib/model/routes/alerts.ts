/** Alerts raised by the rules: list, read, acknowledge. */
import { Alert, alertExample, ListAlertsQuery } from '../schemas/alerts';
import { IdParams, pageOf } from '../schemas/common';
import type { RouteDecl } from '../types';
import { ALL_ROLES, authenticated, READS_TABLE, WRITES_TABLE } from './access';

const common = { tag: 'Alerts', apiKey: true } as const;

export const alertsRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'listAlerts',
    method: 'GET',
    path: '/v1/alerts',
    summary: 'List alerts, newest first',
    handler: 'http/alerts/list',
    auth: authenticated(ALL_ROLES),
    request: { query: ListAlertsQuery },
    responses: { 200: { description: 'A page', schema: pageOf(Alert), example: { data: [alertExample], nextCursor: null } } },
    fn: READS_TABLE,
  },
  {
    ...common,
    operationId: 'getAlert',
    method: 'GET',
    path: '/v1/alerts/{id}',
    summary: 'Get an alert',
    handler: 'http/alerts/get',
    auth: authenticated(ALL_ROLES),
    request: { params: IdParams, headers: ['If-None-Match'] },
    responses: { 200: { description: 'Found', schema: Alert, example: alertExample, headers: ['ETag'] } },
    fn: READS_TABLE,
  },
  {
    ...common,
    operationId: 'acknowledgeAlert',
    method: 'POST',
    path: '/v1/alerts/{id}/acknowledge',
    summary: 'Acknowledge an active alert (records who and when)',
    handler: 'http/alerts/acknowledge',
    auth: authenticated(['admin', 'manager', 'technician']),
    request: { params: IdParams },
    responses: {
      200: {
        description: 'Acknowledged; 409 ALERT_NOT_ACTIVE when it is already acknowledged or cleared',
        schema: Alert,
        example: { ...alertExample, version: 2, status: 'acknowledged', acknowledgedAt: '2026-11-21T09:35:00.000Z', acknowledgedBy: { subject: 'b3f1c2d4-0000-4000-8000-000000000001', username: 'manager@hydrant.local' } },
        headers: ['ETag'],
      },
    },
    fn: WRITES_TABLE,
  },
];
