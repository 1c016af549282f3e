import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import type { RouteDecl } from '../types';
import { IsoDateTime } from '../schemas/common';
import { ALL_ROLES, authenticated, READS_TABLE } from './access';

const Dashboard = lazySchema(() => z
  .object({
    generatedAt: IsoDateTime,
    clientId: z.string().nullable(),
    workOrders: z.object({
      open: z.int(),
      scheduled: z.int(),
      inProgress: z.int(),
      onHold: z.int(),
      overdue: z.int(),
      critical: z.int(),
      completedThisWeek: z.int(),
    }),
    meanTimeToRepairHours: z.number().nullable(),
    meanTimeBetweenFailuresHours: z.record(z.string(), z.number()).describe('Per asset id, from corrective work orders'),
    preventiveCompliance: z.object({ due: z.int(), onTime: z.int(), ratio: z.number().nullable() }),
    backlog: z.object({ hours: z.number(), withoutEstimate: z.int() }),
    technicianUtilisation: z.array(
      z.object({
        technicianId: z.string(),
        bookedMinutes: z.number().describe('Estimated minutes of the work orders scheduled this week'),
        loggedMinutes: z.number().describe('Minutes logged this week (time entries starting this week)'),
        availableMinutes: z.number(),
        ratio: z.number().nullable().describe('bookedMinutes / availableMinutes'),
      }),
    ),
    assetsByStatus: z.record(z.string(), z.int()),
    activeAlertsBySeverity: z.record(z.string(), z.int()),
  })
  .meta({ id: 'Dashboard' }));

const example = {
  generatedAt: '2026-12-05T10:00:00.000Z',
  clientId: null,
  workOrders: { open: 4, scheduled: 3, inProgress: 2, onHold: 1, overdue: 1, critical: 1, completedThisWeek: 6 },
  meanTimeToRepairHours: 7.5,
  meanTimeBetweenFailuresHours: { '01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C': 412.25 },
  preventiveCompliance: { due: 8, onTime: 7, ratio: 0.875 },
  backlog: { hours: 14.5, withoutEstimate: 2 },
  technicianUtilisation: [{ technicianId: '01JC8Y5T0000000000TECH0001', bookedMinutes: 1620, loggedMinutes: 1380, availableMinutes: 2700, ratio: 0.6 }],
  assetsByStatus: { operational: 5, degraded: 1 },
  activeAlertsBySeverity: { major: 2, critical: 1 },
};

export const dashboardRoutes: readonly RouteDecl[] = [
  {
    tag: 'Dashboard',
    apiKey: true,
    operationId: 'getDashboard',
    method: 'GET',
    path: '/v1/dashboard',
    summary: 'Maintenance KPIs (a client user gets its own client figures)',
    handler: 'http/dashboard/get',
    auth: authenticated(ALL_ROLES),
    request: { query: lazySchema(() => z.strictObject({})) },
    responses: { 200: { description: 'The KPIs now', schema: Dashboard, example } },
    fn: { ...READS_TABLE, timeoutSeconds: 15 },
  },
];
