import * as z from 'zod';
import { Id, IsoDateTime, PageQuery } from './common';

export const Usage = z
  .object({
    apiKeyId: z.string(),
    plan: z.object({
      id: z.string(),
      name: z.string(),
      rateLimit: z.number(),
      burstLimit: z.number(),
      quota: z.object({ limit: z.int(), period: z.enum(['DAY', 'MONTH']) }),
    }),
    period: z.object({ start: IsoDateTime, end: IsoDateTime }),
    used: z.int(),
    remaining: z.int(),
  })
  .meta({ id: 'Usage' });

export const usageExample = {
  apiKeyId: 'k4x9q2',
  plan: { id: 'standard', name: 'Standard', rateLimit: 50, burstLimit: 100, quota: { limit: 100000, period: 'DAY' } },
  period: { start: '2026-11-21T00:00:00.000Z', end: '2026-11-22T00:00:00.000Z' },
  used: 1234,
  remaining: 98766,
};

export const AuditLogQuery = PageQuery.extend({
  principal: z.string().min(1).max(200).optional(),
  resourceType: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/).optional(),
  resourceId: z.string().min(1).max(200).optional(),
  action: z.string().regex(/^[a-zA-Z0-9]{1,100}$/).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
}).refine((q) => !q.resourceId || q.resourceType, { message: 'resourceId needs resourceType', path: ['resourceId'] });

const Change = z.object({ before: z.unknown(), after: z.unknown() });

export const AuditRecord = z
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
  .meta({ id: 'AuditRecord' });

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

export const AnomalyRecord = z
  .object({
    id: z.string(),
    apiKeyId: z.string(),
    apiKeyName: z.string().nullable(),
    hour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/),
    anomalies: z.array(z.object({ kind: z.enum(['mostly-client-errors', 'rate-spike', 'scanning', 'many-user-agents']), detail: z.string() })),
    detectedAt: IsoDateTime,
  })
  .meta({ id: 'ApiAnomaly' });

export const anomalyExample = {
  id: '2026-11-21T09#k4x9q2',
  apiKeyId: 'k4x9q2',
  apiKeyName: 'Partner SCADA gateway',
  hour: '2026-11-21T09',
  anomalies: [{ kind: 'scanning', detail: '404 on 57 different ids' }],
  detectedAt: '2026-11-21T10:05:00.000Z',
};
