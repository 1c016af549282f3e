/** Work orders: their workflow and history, assignment and candidates, and the PDF report. */
import { DOCUMENTS_PREFIX } from '#domain/documents';
import { IdParams, pageOf, PageQuery } from '../schemas/common';
import { documentExample, DocumentSchema } from '../schemas/documents';
import { Assignment, AssignmentBody, Candidates, candidatesExample, CandidatesQuery, scheduleEntryExample } from '../schemas/schedule';
import { CreateWorkOrderBody, HistoryEntry, historyExample, ListWorkOrdersQuery, TransitionBody, UpdateWorkOrderBody, WorkOrder, workOrderExample } from '../schemas/work-orders';
import { ALL_ROLES, authenticated, READS_TABLE, STAFF_WRITERS, WRITES_TABLE } from './access';
import { crudRoutes } from './crud';
import type { RouteDecl } from '../types';

const withoutDelete = (routes: RouteDecl[]) => routes.filter((r) => r.method !== 'DELETE');
const common = { tag: 'Scheduling', apiKey: true } as const;

export const workOrdersRoutes: readonly RouteDecl[] = [
  ...withoutDelete(
    crudRoutes({
      collection: 'work-orders',
      name: 'WorkOrder',
      tag: 'Work orders',
      schema: WorkOrder,
      example: workOrderExample,
      createBody: CreateWorkOrderBody,
      createExample: {
        title: workOrderExample.title,
        description: workOrderExample.description,
        type: 'corrective',
        priority: 'high',
        assetId: workOrderExample.assetId,
        requiredSkills: ['hydraulics'],
        estimatedMinutes: 120,
        checklist: [{ label: 'Pression de refoulement', kind: 'measurement', unit: 'bar', min: 3, max: 6 }],
        requiresSignature: true,
      },
      updateBody: UpdateWorkOrderBody,
      updateExample: { priority: 'critical' },
      listQuery: ListWorkOrdersQuery,
      readers: ALL_ROLES,
      writers: STAFF_WRITERS,
    }),
  ),
  {
    tag: 'Work orders',
    apiKey: true,
    operationId: 'transitionWorkOrder',
    method: 'POST',
    path: '/v1/work-orders/{id}/transitions',
    summary: 'Move a work order through its workflow (409 lists the allowed moves)',
    handler: 'http/work-orders/transition',
    // Retries are safe with an Idempotency-Key (and 422 COMPLETION_INCOMPLETE is documented with it).
    idempotent: true,
    auth: authenticated(['admin', 'manager', 'technician']),
    request: { params: IdParams, body: TransitionBody, bodyExample: { to: 'scheduled', comment: 'Planifié pour demain matin' }, headers: ['If-Match'] },
    responses: { 200: { description: 'Moved', schema: WorkOrder, example: { ...workOrderExample, status: 'scheduled', version: 2 }, headers: ['ETag'] } },
    fn: WRITES_TABLE,
  },
  {
    tag: 'Work orders',
    apiKey: true,
    operationId: 'listWorkOrderHistory',
    method: 'GET',
    path: '/v1/work-orders/{id}/history',
    summary: "A work order's history (who, when, from, to, comment), oldest first",
    handler: 'http/work-orders/history',
    auth: authenticated(ALL_ROLES),
    request: { params: IdParams, query: PageQuery },
    responses: { 200: { description: 'A page', schema: pageOf(HistoryEntry), example: { data: [historyExample], nextCursor: null } } },
    fn: READS_TABLE,
  },
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
  {
    ...common,
    operationId: 'assignWorkOrder',
    method: 'POST',
    path: '/v1/work-orders/{id}/assignment',
    summary: "Book a technician's visit for a work order and move it to scheduled (409 lists the conflicts: overlaps, days off, working hours)",
    handler: 'http/work-orders/assign',
    idempotent: true,
    auth: authenticated(STAFF_WRITERS),
    request: { params: IdParams, body: AssignmentBody, bodyExample: { technicianId: scheduleEntryExample.technicianId, start: scheduleEntryExample.start, durationMinutes: 120 } },
    responses: {
      200: { description: 'Booked', schema: Assignment, example: { entry: scheduleEntryExample, workOrder: { ...workOrderExample, status: 'scheduled', version: 2 } }, headers: ['ETag'] },
    },
    fn: WRITES_TABLE,
  },
  {
    ...common,
    operationId: 'listWorkOrderCandidates',
    method: 'GET',
    path: '/v1/work-orders/{id}/candidates',
    summary: 'Technicians ranked for a work order: required skills, free in the slot, then lighter week, each with its reasons',
    handler: 'http/work-orders/candidates',
    auth: authenticated(STAFF_WRITERS),
    request: { params: IdParams, query: CandidatesQuery },
    responses: { 200: { description: 'Ranked technicians', schema: Candidates, example: candidatesExample } },
    fn: READS_TABLE,
  },
];
