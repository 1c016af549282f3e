/** Time entries of technicians on work orders, and their export. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { Id, IsoDateTime, ResourceMeta } from './common';

export const CreateTimeEntryBody = lazySchema(() => z
  .strictObject({
    technicianId: Id.describe('A technician logs only for themself; managers for anyone'),
    start: IsoDateTime,
    end: IsoDateTime.optional().describe('Give end or minutes'),
    minutes: z.int().min(1).max(1440).optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .refine((b) => (b.end === undefined) !== (b.minutes === undefined), { message: 'give either end or minutes', path: ['end'] }));

export const TimeEntry = lazySchema(() => z
  .object({
    ...ResourceMeta,
    workOrderId: Id,
    workOrderTitle: z.string(),
    clientId: Id.nullable(),
    technicianId: Id,
    technicianName: z.string(),
    start: IsoDateTime,
    end: IsoDateTime,
    minutes: z.int(),
    note: z.string().nullable(),
    createdBy: z.string(),
  })
  .meta({ id: 'TimeEntry' }));

export const timeEntryExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7T01',
  version: 1,
  createdAt: '2026-11-21T12:05:00.000Z',
  updatedAt: '2026-11-21T12:05:00.000Z',
  workOrderId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7W01',
  workOrderTitle: 'Pompe P2 : fuite au presse-étoupe',
  clientId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D',
  technicianId: '01JC8Y5T0000000000TECH0001',
  technicianName: 'Théo Technicien',
  start: '2026-11-21T09:30:00.000Z',
  end: '2026-11-21T11:00:00.000Z',
  minutes: 90,
  note: 'Remplacement de la garniture',
  createdBy: 'tech@hydrant.local',
};

export const TimeExportQuery = lazySchema(() => z
  .strictObject({ from: IsoDateTime, to: IsoDateTime })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { message: 'to must be after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 62 * 86_400_000, { message: 'at most 62 days', path: ['to'] }));

export const timeExportExample =
  'technician_id,technician,work_order_id,work_order,start,end,minutes,note\r\n' +
  '01JC8Y5T0000000000TECH0001,Théo Technicien,01JD5Y7Z8M6Q2V3W4X5Y6Z7W01,Pompe P2 : fuite au presse-étoupe,2026-11-21T09:30:00.000Z,2026-11-21T11:00:00.000Z,90,Remplacement de la garniture\r\n';
