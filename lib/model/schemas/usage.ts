/** The calling key's usage of its plan. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { IsoDateTime } from './common';

export const Usage = lazySchema(() => z
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
  .meta({ id: 'Usage' }));

export const usageExample = {
  apiKeyId: 'k4x9q2',
  plan: { id: 'standard', name: 'Standard', rateLimit: 50, burstLimit: 100, quota: { limit: 100000, period: 'DAY' } },
  period: { start: '2026-11-21T00:00:00.000Z', end: '2026-11-22T00:00:00.000Z' },
  used: 1234,
  remaining: 98766,
};
