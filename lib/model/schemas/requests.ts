/** Service requests reported by clients (issue 8, "Requests, documents, reports"). */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { hiddenFrom } from '../types';
import { REQUEST_KINDS, REQUEST_STATUSES } from '#domain/service-requests';
import { Id, IsoDateTime, Location, PageQuery, ResourceMeta, Text } from './common';

const Kind = lazySchema(() => z.enum(REQUEST_KINDS));
const Priority = lazySchema(() => z.enum(['low', 'normal', 'high', 'critical']));

export const CreateServiceRequestBody = lazySchema(() => z
  .strictObject({
    kind: Kind,
    title: Text(200),
    description: Text(4000).optional(),
    location: Location.optional(),
    address: Text(500).optional(),
    siteId: Id.optional(),
    assetId: Id.optional(),
    clientId: Id.optional().describe('Staff only, on behalf of a client; a client user\'s requests are always its own client\'s'),
  })
  .refine((b) => b.location !== undefined || b.address !== undefined || b.siteId !== undefined || b.assetId !== undefined, {
    message: 'say where: location, address, siteId or assetId',
    path: ['location'],
  }));

export const ListServiceRequestsQuery = lazySchema(() => PageQuery.extend({ status: z.enum(REQUEST_STATUSES).optional(), clientId: Id.optional() }));

export const ConvertServiceRequestBody = lazySchema(() => z.strictObject({
  title: Text(200).optional().describe('Default: the request\'s title'),
  priority: Priority.optional().describe('Default: the priority suggested by the request\'s kind'),
  type: z.enum(['corrective', 'preventive', 'predictive', 'inspection']).optional().describe('Default: corrective'),
  assetId: Id.optional(),
  siteId: Id.optional(),
  dueAt: IsoDateTime.optional(),
}));

const Who = lazySchema(() => z.object({ subject: z.string(), username: z.string().nullable() }));

export const ServiceRequestSchema = lazySchema(() => z
  .object({
    ...ResourceMeta,
    clientId: Id.nullable(),
    kind: Kind,
    title: z.string(),
    description: z.string(),
    location: Location.nullable(),
    address: z.string().nullable(),
    siteId: Id.nullable(),
    assetId: Id.nullable(),
    priority: Priority,
    status: z.enum(REQUEST_STATUSES),
    workOrderId: Id.nullable(),
    convertedAt: IsoDateTime.nullable(),
    // The staff member who converted the request (Cognito subject and username, i.e. a
    // staff e-mail address): directory data of the operator, not the client's; the client
    // follows its request through `status` and `workOrderId`.
    convertedBy: hiddenFrom(['client'], Who.nullable().describe('The staff member who converted the request')),
    requestedBy: Who,
  })
  .meta({ id: 'ServiceRequest' }));

export const serviceRequestExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7R3Q',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  clientId: '01JC8Y5T0000000000ACME0001',
  kind: 'leak',
  title: 'Fuite sur le trottoir devant le 14',
  description: "De l'eau sort du regard depuis ce matin",
  location: { lat: 45.7597, lon: 4.8422 },
  address: '14 rue Garibaldi, 69006 Lyon',
  siteId: null,
  assetId: null,
  priority: 'high',
  status: 'open',
  workOrderId: null,
  convertedAt: null,
  convertedBy: null,
  requestedBy: { subject: 'b3f1c2d4-0000-4000-8000-000000000004', username: 'client@hydrant.local' },
};

export const ConvertedServiceRequest = lazySchema(() => z
  .object({
    request: ServiceRequestSchema,
    workOrder: z.object({ id: Id }).passthrough().describe('The work order made from the request (GET /v1/work-orders/{id} for all of it)'),
    movedDocuments: z.int().min(0).describe('Documents of the request now attached to the work order'),
  })
  .meta({ id: 'ConvertedServiceRequest' }));
