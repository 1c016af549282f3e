/**
 * Leak correlation between two acoustic loggers of a zone (issue 15): two synchronised
 * recordings, uploaded as documents, located by the domain's GCC-PHAT correlator. The
 * answer is computed and returned, not stored: it is a pure function of the two stored
 * documents and the pipe, so posting again gives it again.
 */
import { DOCUMENTS_PREFIX } from '#domain/documents';
import type { RouteDecl } from '../types';
import { IdParams } from '../schemas/common';
import { Correlation, CorrelationBody, correlationBodyExample, correlationExample } from '../schemas/correlations';
import { authenticated } from './access';

export const correlationsRoutes: readonly RouteDecl[] = [
  {
    tag: 'Zones',
    apiKey: true,
    operationId: 'correlateLeakNoise',
    method: 'POST',
    path: '/v1/zones/{id}/correlations',
    summary: 'Locate a leak between two acoustic loggers of the zone from their synchronised recordings (or say there is no coherent leak noise)',
    handler: 'http/correlations/create',
    auth: authenticated(['admin', 'manager', 'technician']),
    request: { params: IdParams, body: CorrelationBody, bodyExample: correlationBodyExample },
    responses: { 200: { description: 'The position with its uncertainty, or status no_coherent_leak_noise', schema: Correlation, example: correlationExample } },
    // Unusable sensors or recordings (422), documents not yet available (409), a document that does not exist (404).
    errorStatuses: [422],
    // Two recordings of up to 2^20 samples, FFTs of 2^21 points.
    fn: { memoryMb: 1024, timeoutSeconds: 29, access: { table: 'read', documentsBucket: 'read', documentsPrefixes: [DOCUMENTS_PREFIX] } },
  },
];
