/** The health route: what the API and its dependencies answer, unauthenticated. */
import { Health } from '../schemas/health';
import { PUBLIC } from './access';
import type { RouteDecl } from '../types';

export const healthRoutes: readonly RouteDecl[] = [
  {
    operationId: 'getHealth',
    method: 'GET',
    path: '/v1/health',
    summary: 'Liveness of the API (no key, no token)',
    tag: 'Platform',
    handler: 'http/health/get',
    auth: PUBLIC,
    apiKey: false,
    responses: { 200: { description: 'The API answers', schema: Health, example: { status: 'ok', version: '0.1.0', time: '2026-11-21T09:30:00.000Z' } } },
    fn: { memoryMb: 128, access: {} },
  },
];
