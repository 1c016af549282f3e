/** Work orders, their workflow and history, and technicians (issue 8). */
import type { RouteDecl } from '../types';
import { IdParams, PageQuery, pageOf } from '../schemas/common';
import {
  CreateWorkOrderBody,
  HistoryEntry,
  historyExample,
  ListWorkOrdersQuery,
  TransitionBody,
  UpdateWorkOrderBody,
  WorkOrder,
  workOrderExample,
} from '../schemas/work-orders';
import { CreateTechnicianBody, ListTechniciansQuery, Technician, technicianExample, UpdateTechnicianBody } from '../schemas/technicians';
import { ALL_ROLES, authenticated, READS_TABLE, STAFF_WRITERS, WRITES_TABLE } from './access';
import { crudRoutes } from './crud';

const withoutDelete = (routes: RouteDecl[]) => routes.filter((r) => r.method !== 'DELETE');

export const workOrderRoutes: readonly RouteDecl[] = [
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
];

export const technicianRoutes: readonly RouteDecl[] = withoutDelete(
  crudRoutes({
    collection: 'technicians',
    name: 'Technician',
    tag: 'Technicians',
    schema: Technician,
    example: technicianExample,
    createBody: CreateTechnicianBody,
    createExample: {
      name: technicianExample.name,
      userId: technicianExample.userId,
      email: technicianExample.email,
      skills: technicianExample.skills,
      level: 'confirmed',
      homeBase: technicianExample.homeBase,
      workingHours: technicianExample.workingHours,
    },
    updateBody: UpdateTechnicianBody,
    updateExample: { skills: ['hydraulics', 'leak-detection', 'instrumentation'] },
    listQuery: ListTechniciansQuery,
    readers: ['admin', 'manager', 'technician'],
    writers: STAFF_WRITERS,
  }),
  // A technician's name is a person's: the audit trail records that it changed, not what it was.
).map((route) => ({ ...route, audit: { ...route.audit, personalFields: ['name'] } }));
