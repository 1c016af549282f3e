/** Service requests: raised by clients, converted to work orders by staff. */
import { IdParams, pageOf } from '../schemas/common';
import { ConvertedServiceRequest, ConvertServiceRequestBody, CreateServiceRequestBody, ListServiceRequestsQuery, serviceRequestExample, ServiceRequestSchema } from '../schemas/requests';
import { ALL_ROLES, authenticated, READS_TABLE, STAFF_WRITERS, WRITES_TABLE } from './access';
import type { RouteDecl } from '../types';

const common = { tag: 'Service requests', apiKey: true } as const;

export const requestsRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'createServiceRequest',
    method: 'POST',
    path: '/v1/requests',
    summary: 'Report a problem in the field (a leak, a low pressure, a damaged hydrant...); attach photos as documents with parentType request',
    handler: 'http/requests/create',
    auth: authenticated(['admin', 'manager', 'client']),
    request: { body: CreateServiceRequestBody, bodyExample: { kind: 'leak', title: serviceRequestExample.title, description: serviceRequestExample.description, location: serviceRequestExample.location, address: serviceRequestExample.address } },
    idempotent: true,
    responses: { 201: { description: 'Created', schema: ServiceRequestSchema, example: serviceRequestExample, headers: ['ETag', 'Location'] } },
    fn: WRITES_TABLE,
  },
  {
    ...common,
    operationId: 'listServiceRequests',
    method: 'GET',
    path: '/v1/requests',
    summary: 'Service requests, newest first (client users: their own client\'s)',
    handler: 'http/requests/list',
    auth: authenticated(ALL_ROLES),
    request: { query: ListServiceRequestsQuery },
    responses: { 200: { description: 'A page', schema: pageOf(ServiceRequestSchema), example: { data: [serviceRequestExample], nextCursor: null } } },
    fn: READS_TABLE,
  },
  {
    ...common,
    operationId: 'getServiceRequest',
    method: 'GET',
    path: '/v1/requests/{id}',
    summary: 'A service request',
    handler: 'http/requests/get',
    auth: authenticated(ALL_ROLES),
    request: { params: IdParams, headers: ['If-None-Match'] },
    responses: { 200: { description: 'Found', schema: ServiceRequestSchema, example: serviceRequestExample, headers: ['ETag'] } },
    fn: READS_TABLE,
  },
  {
    ...common,
    operationId: 'convertServiceRequest',
    method: 'POST',
    path: '/v1/requests/{id}/convert',
    summary: 'Turn an open service request into a work order (source request); its documents move to the work order',
    handler: 'http/requests/convert',
    auth: authenticated(STAFF_WRITERS),
    request: { params: IdParams, body: ConvertServiceRequestBody, bodyExample: { priority: 'high', type: 'corrective' } },
    idempotent: true,
    responses: {
      201: {
        description: 'Converted; 409 REQUEST_ALREADY_CONVERTED (its detail names the work order it became)',
        schema: ConvertedServiceRequest,
        example: { request: { ...serviceRequestExample, status: 'converted', workOrderId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7W0A', version: 2 }, workOrder: { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7W0A' }, movedDocuments: 2 },
        headers: ['Location'],
      },
    },
    fn: WRITES_TABLE,
  },
];
