/** The audit trail. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { Id, IsoDateTime, PageQuery } from './common';

export const AuditLogQuery = lazySchema(() => PageQuery.extend({
  principal: z.string().min(1).max(200).optional(),
  resourceType: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/).optional(),
  resourceId: z.string().min(1).max(200).optional(),
  action: z.string().regex(/^[a-zA-Z0-9]{1,100}$/).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
}).refine((q) => !q.resourceId || q.resourceType, { message: 'resourceId needs resourceType', path: ['resourceId'] }));

const Change = lazySchema(() => z.object({ before: z.unknown(), after: z.unknown() }));

export const AuditRecord = lazySchema(() => z
  .object({
    id: Id,
    tenantId: z.string(),
    at: IsoDateTime,
    principal: z.object({ kind: z.enum(['user', 'machine', 'anonymous']), id: z.string(), username: z.string().optional(), role: z.string().optional() }),
    apiKeyId: z.string().nullable(),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    method: z.string(),
    route: z.string(),
    status: z.int(),
    clientAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    bodySha256: z.string().nullable(),
    changes: z.record(z.string(), Change).nullable(),
  })
  .meta({ id: 'AuditRecord' }));

export const auditRecordExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A9D',
  tenantId: 'hydrant-demo',
  at: '2026-11-21T10:00:00.000Z',
  principal: { kind: 'user', id: '5f1c2d3e-aaaa-bbbb-cccc-0123456789ab', role: 'manager' },
  apiKeyId: 'k4x9q2',
  action: 'updateAsset',
  resourceType: 'asset',
  resourceId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C',
  method: 'PATCH',
  route: '/v1/assets/{id}',
  status: 200,
  clientAddress: '203.0.113.7',
  userAgent: 'curl/8.5.0',
  bodySha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
  changes: { status: { before: 'operational', after: 'degraded' } },
};
