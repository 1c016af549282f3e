/** API anomalies, for admins. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { IsoDateTime } from './common';

export const AnomalyRecord = lazySchema(() => z
  .object({
    id: z.string(),
    apiKeyId: z.string(),
    apiKeyName: z.string().nullable(),
    hour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/),
    anomalies: z.array(z.object({ kind: z.enum(['mostly-client-errors', 'rate-spike', 'scanning', 'many-user-agents']), detail: z.string() })),
    detectedAt: IsoDateTime,
  })
  .meta({ id: 'ApiAnomaly' }));

export const anomalyExample = {
  id: '2026-11-21T09#k4x9q2',
  apiKeyId: 'k4x9q2',
  apiKeyName: 'Partner SCADA gateway',
  hour: '2026-11-21T09',
  anomalies: [{ kind: 'scanning', detail: '404 on 57 different ids' }],
  detectedAt: '2026-11-21T10:05:00.000Z',
};
