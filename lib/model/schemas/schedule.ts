/** Scheduling (issue 8, "Scheduling"): assignments, candidates, the schedule and its calendar feed. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { WORK_ORDER_PRIORITIES, WORK_ORDER_STATUSES } from '#domain/work-orders';
import { MAX_VISIT_MINUTES } from '#domain/scheduling';
import { Id, IsoDateTime } from './common';
import { WorkOrder, workOrderExample } from './work-orders';

const Duration = lazySchema(() => z.int().min(15).max(MAX_VISIT_MINUTES).describe(`Minutes, 15 to ${MAX_VISIT_MINUTES}`));

export const AssignmentBody = lazySchema(() => z.strictObject({
  technicianId: Id,
  start: IsoDateTime,
  durationMinutes: Duration,
}));

export const ScheduleEntry = lazySchema(() => z.object({
  workOrderId: z.string(),
  technicianId: z.string(),
  start: IsoDateTime,
  end: IsoDateTime,
  durationMinutes: z.int(),
  assignedAt: IsoDateTime,
  assignedBy: z.string(),
  workOrder: z.object({
    title: z.string(),
    priority: z.enum(WORK_ORDER_PRIORITIES),
    status: z.enum(WORK_ORDER_STATUSES),
    siteId: z.string().nullable(),
    assetId: z.string().nullable(),
    clientId: z.string().nullable(),
  }),
}));

export const scheduleEntryExample = {
  workOrderId: workOrderExample.id,
  technicianId: '01JD6B0000000000000000TECH',
  start: '2026-11-23T08:00:00.000Z',
  end: '2026-11-23T10:00:00.000Z',
  durationMinutes: 120,
  assignedAt: '2026-11-21T09:35:00.000Z',
  assignedBy: 'manager@hydrant.local',
  workOrder: { title: workOrderExample.title, priority: 'high', status: 'scheduled', siteId: workOrderExample.siteId, assetId: workOrderExample.assetId, clientId: workOrderExample.clientId },
} as const;

export const Assignment = lazySchema(() => z.object({ entry: ScheduleEntry, workOrder: WorkOrder }));

const ConflictItem = lazySchema(() => z.union([
  z.object({ kind: z.literal('overlap'), workOrderId: z.string(), start: IsoDateTime, end: IsoDateTime }),
  z.object({ kind: z.literal('day-off'), date: z.iso.date(), reason: z.string().nullable() }),
  z.object({ kind: z.literal('outside-working-hours'), localStart: z.string(), localEnd: z.string(), timeZone: z.string() }),
]));

export const CandidatesQuery = lazySchema(() => z.strictObject({
  start: IsoDateTime.optional().describe("Start of the visit; defaults to the work order's scheduled start, else its due time less the visit"),
  durationMinutes: z.coerce.number().pipe(Duration).optional().describe('Defaults to the estimate, else 60'),
}));

export const Candidates = lazySchema(() => z.object({
  slot: z.object({ start: IsoDateTime, durationMinutes: z.int() }),
  data: z.array(
    z.object({
      rank: z.int(),
      technicianId: z.string(),
      name: z.string(),
      skillMatch: z.number(),
      missingSkills: z.array(z.string()),
      available: z.boolean(),
      conflicts: z.array(ConflictItem),
      bookedMinutes: z.int(),
      load: z.number(),
      reasons: z.array(z.string()),
    }),
  ),
}));

export const candidatesExample = {
  slot: { start: '2026-11-23T08:00:00.000Z', durationMinutes: 120 },
  data: [
    {
      rank: 1,
      technicianId: '01JD6B0000000000000000TECH',
      name: 'Tech Demo',
      skillMatch: 1,
      missingSkills: [],
      available: true,
      conflicts: [],
      bookedMinutes: 240,
      load: 0.09,
      reasons: ['has every required skill (hydraulics)', 'free in the slot', '240 min booked this week (9 % of working time)'],
    },
  ],
};

/** Longest window one schedule read covers. */
export const MAX_SCHEDULE_DAYS = 62;

export const ScheduleQuery = lazySchema(() => z
  .strictObject({
    technicianId: Id.optional().describe("Defaults to the caller's own profile for technicians, to every technician for staff"),
    from: IsoDateTime,
    to: IsoDateTime,
  })
  .refine((q) => q.from < q.to, { message: 'from must be before to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_SCHEDULE_DAYS * 86_400_000, { message: `at most ${MAX_SCHEDULE_DAYS} days`, path: ['to'] }));

export const Schedule = lazySchema(() => z.object({ data: z.array(ScheduleEntry) }));

export const CreateFeedBody = lazySchema(() => z.strictObject({ technicianId: Id.optional().describe("Defaults to the caller's own profile (technicians)") }));

export const CalendarFeed = lazySchema(() => z.object({
  id: z.string(),
  technicianId: z.string(),
  createdAt: IsoDateTime,
  url: z.string().describe('The subscription URL, shown once: it carries the secret token'),
}));

export const calendarFeedExample = {
  id: '01JD6C0000000000000000FEED',
  technicianId: '01JD6B0000000000000000TECH',
  createdAt: '2026-11-21T09:40:00.000Z',
  url: 'https://api.example.com/v1/schedule.ics?feed=01JD6C0000000000000000FEED&token=9dY8...',
};

export const IcsQuery = lazySchema(() => z.strictObject({
  feed: Id,
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a feed token'),
}));
