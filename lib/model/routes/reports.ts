/**
 * Intervention reports (issue 8): a PDF of a work order made on demand, kept as a
 * document of the work order (so it is listed, read and deleted like any other) and
 * answered with a short-lived download URL.
 */
import type { RouteDecl } from '../types';
import { DOCUMENTS_PREFIX } from '#domain/documents';
import { IdParams } from '../schemas/common';
import { DocumentSchema, documentExample } from '../schemas/documents';
import { authenticated } from './access';

export const reportRoutes: readonly RouteDecl[] = [
  {
    operationId: 'createWorkOrderReport',
    method: 'POST',
    path: '/v1/work-orders/{id}/report',
    summary: 'Produce the PDF intervention report of a work order (asset, site, client, timeline, time spent, checklist, technician, signature)',
    tag: 'Work orders',
    handler: 'http/work-orders/report',
    auth: authenticated(['admin', 'manager', 'technician']),
    apiKey: true,
    request: { params: IdParams },
    // A retried request (a timeout on a slow PDF) gets the same report instead of a second
    // document; the replayed download URL may have expired: GET /v1/documents/{id} gives a fresh one.
    idempotent: true,
    responses: {
      201: {
        description: 'The report, stored as an available document of the work order, with a short-lived download URL',
        schema: DocumentSchema,
        example: {
          ...documentExample,
          parentType: 'work-order',
          parentId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7W0A',
          fileName: 'intervention-report-01JD5Y7Z8M6Q2V3W4X5Y6Z7W0A.pdf',
          contentType: 'application/pdf',
          tags: ['report'],
          status: 'available',
          availableAt: '2026-11-21T09:30:01.000Z',
          download: { url: 'https://...', expiresAt: '2026-11-21T09:35:01.000Z' },
        },
        headers: ['Location'],
      },
    },
    // Rendering a PDF of a long history takes memory and a second or two.
    fn: { memoryMb: 1024, timeoutSeconds: 20, access: { table: 'readWrite', documentsBucket: 'readWrite', documentsPrefixes: [DOCUMENTS_PREFIX] } },
  },
];
